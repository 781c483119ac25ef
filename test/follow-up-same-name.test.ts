/**
 * Two citizens of the same name with the same coordinator keep a follow-up each: plans
 * prepared and sent through the HTTP API onto the real SQLite file, the follow-ups read back
 * through the API and from the file. "The same citizen" is the CPR number, under a keyed hash
 * whose secret, when none is configured, is generated into a file of its own in DATA_DIR (kept
 * across a restart, never in the database). The
 * converter is a stand-in and the recipients' messages go to the outbox folders; everything that
 * stores is real.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, testConfig } from './helpers/app.js';
import { capturedLogger, FAKE_PDF } from './helpers/distribution.js';
import { createDistributionService } from '../src/distribution/create-distribution-service.js';
import { openSqliteStores } from '../src/storage/open-sqlite-stores.js';
import { createFollowUpService } from '../src/follow-up/create-follow-up-service.js';
import { safeUuid } from '../src/distribution/safe-id.js';
import { MATCH_SECRET_FILE } from '../src/follow-up/match-secret.js';
import { sqliteFileContains } from './helpers/sqlite-file.js';
import type { PlanInput } from '../src/plan/schema.js';
import { fakeConverter } from './helpers/fake-converter.js';
import type { FollowUpView } from '../src/follow-up/follow-up-view.js';

const bilag2 = JSON.parse(readFileSync(new URL('../fixtures/bilag2.json', import.meta.url), 'utf8')) as PlanInput;
const converter = fakeConverter(async () => FAKE_PDF);
const clock = { now: Date.parse('2014-09-01T08:00:00Z') };
/** Two citizens called Jens Hansen, and the coordinator both plans name (Bilag 2's). */
const CPR_A = '010180-4000';
const CPR_B = '150375-1234';
const jensHansen = (cpr: string, o: Partial<PlanInput> = {}): PlanInput => ({ ...bilag2, citizen: { ...bilag2.citizen!, name: 'Jens Hansen', cpr }, ...o });
const { logger, lines } = capturedLogger();

let dir: string;
const started: Array<() => Promise<void>> = [];

/** One service instance on the test's SQLite file (a second one stands for a restart). */
async function startService(dataDir: string, env: Record<string, string> = {}) {
  const config = testConfig({ DATA_DIR: dataDir, ...env });
  const stores = openSqliteStores(config.databaseFile);
  const distributions = createDistributionService(config, logger, { stores, now: () => clock.now });
  const followUps = createFollowUpService(config, logger, { store: stores.followUps, distributions, now: () => clock.now });
  const t = await createTestApp({ config, logger, converter, distributions, followUps, now: () => new Date(clock.now) });
  const close = async () => {
    if (started.includes(close)) started.splice(started.indexOf(close), 1);
    await t.close();
    await followUps.close();
    await distributions.close();
    await stores.close();
  };
  started.push(close);
  return { app: t.app, close };
}
type Service = Awaited<ReturnType<typeof startService>>;

async function prepareAndSend(s: Service, plan: PlanInput): Promise<string> {
  const prepared = await request(s.app).post('/api/distributions').send({ plan });
  expect(prepared.status, JSON.stringify(prepared.body)).toBe(201);
  const sent = await request(s.app).post(`/api/distributions/${prepared.body.id}/send`);
  expect(sent.status, JSON.stringify(sent.body)).toBe(200);
  return prepared.body.id as string;
}
async function listed(s: Service): Promise<FollowUpView[]> {
  const res = await request(s.app).get('/api/follow-ups');
  expect(res.status).toBe(200);
  return res.body.followUps as FollowUpView[];
}
function query<T>(sql: string, dataDir = dir): T[] {
  const db = new Database(path.join(dataDir, 'indsatsplan.db'), { readonly: true });
  try {
    return db.prepare(sql).all() as T[];
  } finally {
    db.close();
  }
}
const rows = () => query<Record<string, string | null>>(`SELECT * FROM follow_ups ORDER BY follow_up_date`);

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'follow-up-same-name-'));
});
afterAll(async () => {
  for (const close of started.splice(0)) await close().catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
  for (const line of lines) expect(line).not.toMatch(/010180|150375|Jens Hansen/);
});

describe('two citizens of the same name with the same coordinator', () => {
  let service: Service;
  let followUpA: string;

  it('keep a follow-up each: the second one’s plan does not end the first one’s', async () => {
    service = await startService(dir);
    const a = await prepareAndSend(service, jensHansen(CPR_A));
    const b = await prepareAndSend(service, jensHansen(CPR_B, { meetingDate: '2014-06-02', followUpDate: '2014-12-01' }));

    const open = await listed(service);
    expect(open.map((f) => [f.citizen.name, f.meetingDate, f.followUpDate, f.state])).toEqual([
      ['Jens Hansen', '2014-05-01', '2014-10-01', 'upcoming'],
      ['Jens Hansen', '2014-06-02', '2014-12-01', 'upcoming'],
    ]);
    expect(open.every((f) => f.coordinator.email === 'anne.andersen@misbrugscenter.example.dk')).toBe(true);
    followUpA = open[0]!.id;
    expect(rows().map((r) => [r.id, r.distribution_id, r.activated_at !== null])).toEqual([
      [followUpA, a, true],
      [open[1]!.id, b, true],
    ]);
  });

  it('and a newer plan for one of them ends that one’s follow-up only, across a restart', async () => {
    // Restarted: the match keys' secret, made at the first start, is read again from its file in DATA_DIR.
    await service.close();
    service = await startService(dir);
    clock.now = Date.parse('2014-09-30T08:00:00Z');
    // Citizen A's follow-up meeting, with the name typed differently this time.
    const newer = await prepareAndSend(service, jensHansen(CPR_A, {
      citizen: { ...bilag2.citizen!, name: '  jens   HANSEN', cpr: CPR_A.replace('-', '') },
      meetingDate: '2014-09-30',
      followUpDate: '2015-03-30',
    }));

    const open = await listed(service);
    expect(open.map((f) => f.id)).not.toContain(followUpA);
    expect((await request(service.app).get(`/api/follow-ups/${followUpA}`)).status).toBe(404);
    expect(open.map((f) => [f.citizen.name, f.followUpDate])).toEqual([
      ['Jens Hansen', '2014-12-01'], // B's, untouched
      ['jens HANSEN', '2015-03-30'], // A's newer one
    ]);
    expect(rows().find((r) => r.follow_up_date === '2015-03-30')?.distribution_id).toBe(newer);
  });

  it('with no CPR number in the file: the keys are HMACs under one secret, generated once into a file of its own, not the database', () => {
    const stored = JSON.stringify(rows());
    for (const cpr of [CPR_A, CPR_B]) {
      const digits = cpr.replace('-', '');
      for (const part of [cpr, digits, digits.slice(0, 6)]) expect(stored).not.toContain(part);
    }
    const keys = rows().map((r) => r.match_key!);
    expect(new Set(keys).size).toBe(keys.length);
    // The secret is beside the database, readable by the service's user only; the database alone
    // (a dump, a backup of the file) gives nothing to try the CPR numbers against.
    const secretFile = path.join(dir, MATCH_SECRET_FILE);
    expect(statSync(secretFile).mode & 0o777).toBe(0o600);
    const secret = readFileSync(secretFile, 'utf8').trim();
    expect(secret.length).toBeGreaterThanOrEqual(32);
    expect(query<{ name: string }>(`SELECT name FROM sqlite_master WHERE name = 'secrets'`)).toEqual([]);
    expect(sqliteFileContains(path.join(dir, 'indsatsplan.db'), secret)).toBe(false);
  });
});

describe('a follow-up recorded before the keys were CPR numbers’', () => {
  it('is not ended by a newer plan of the same name: it could be either citizen’s, so it runs to its date', async () => {
    const service = await startService(dir);
    const coordinator = 'anne.andersen@misbrugscenter.example.dk';
    // As the earlier version stored it: a plain SHA-256 of the coordinator's address and the citizen's name.
    const legacyKey = createHash('sha256').update(`${coordinator}\njens hansen`).digest('hex');
    const legacy = safeUuid();
    const db = new Database(path.join(dir, 'indsatsplan.db'));
    try {
      db.prepare(
        `INSERT INTO follow_ups (id, distribution_id, follow_up_date, meeting_date, citizen_name, coordinator_name, coordinator_organisation,
           coordinator_email, participants, match_key, owner_id, owner_organisation, created_at, activated_at)
         VALUES (?, ?, '2014-11-01', '2014-05-01', 'Jens Hansen', 'Anne Andersen', 'Misbrugscenter Roskilde', ?, '[]', ?, 'development', 'Kommunen', ?, ?)`,
      ).run(legacy, safeUuid(), coordinator, legacyKey, '2014-05-02T08:00:00.000Z', '2014-05-02T08:00:00.000Z');
    } finally {
      db.close();
    }
    clock.now = Date.parse('2014-10-02T08:00:00Z');
    await prepareAndSend(service, jensHansen(CPR_B, { meetingDate: '2014-10-02', followUpDate: '2015-04-01' }));
    const open = await listed(service);
    expect(open.map((f) => f.id)).toContain(legacy);
    // B's own earlier follow-up is ended as ever.
    expect(open.map((f) => f.followUpDate)).not.toContain('2014-12-01');
    expect(open.map((f) => f.followUpDate)).toContain('2015-04-01');
  });
});

describe('with FOLLOW_UP_MATCH_SECRET', () => {
  it('keeps no secret of its own, and matches the same citizen by it', async () => {
    const own = mkdtempSync(path.join(os.tmpdir(), 'follow-up-secret-'));
    const service = await startService(own, { FOLLOW_UP_MATCH_SECRET: 'a-secret-from-the-secret-store-of-32+-chars' });
    try {
      clock.now = Date.parse('2014-09-01T08:00:00Z');
      await prepareAndSend(service, jensHansen(CPR_A));
      await prepareAndSend(service, jensHansen(CPR_B));
      expect((await listed(service)).map((f) => f.citizen.name)).toEqual(['Jens Hansen', 'Jens Hansen']);
      await prepareAndSend(service, jensHansen(CPR_A, { meetingDate: '2014-09-01', followUpDate: '2015-03-01' }));
      expect((await listed(service)).map((f) => f.followUpDate).sort()).toEqual(['2014-10-01', '2015-03-01']);
      expect(existsSync(path.join(own, MATCH_SECRET_FILE))).toBe(false);
    } finally {
      await service.close();
      rmSync(own, { recursive: true, force: true });
    }
  });
});
