/**
 * Follow-ups end to end, on a fixed clock: plans prepared and sent through HTTP, the real
 * SQLite file, the scheduler's passes, and the reminders received by a real SMTP server on
 * loopback that requires STARTTLS. LibreOffice is a stand-in here (the plan's PDF is not what
 * is tested); everything that stores or sends is real. Several service instances on the same
 * database file stand for a restart and for replicas.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, testConfig } from './helpers/app.js';
import { capturedLogger, FAKE_PDF } from './helpers/distribution.js';
import { startSmtpTestServer, type SmtpTestServer } from './helpers/smtp.js';
import { hashApiKey } from '../src/auth/api-keys.js';
import { containsCprLike } from '../src/shared/redact.js';
import { createDistributionService } from '../src/distribution/create-distribution-service.js';
import { openSqliteStores } from '../src/storage/open-sqlite-stores.js';
import { purgeDistributions } from '../src/distribution/purge-distributions.js';
import { createFollowUpService } from '../src/follow-up/create-follow-up-service.js';
import { REMINDER_ACTOR } from '../src/follow-up/follow-up-scheduler.js';
import { REMINDER_CLAIM_LEASE_MS } from '../src/follow-up/follow-up-store.js';
import { followUpOfPlan } from '../src/follow-up/follow-up-of-plan.js';
import { PlanSchema, type PlanInput } from '../src/plan/schema.js';
import { fakeConverter } from './helpers/fake-converter.js';
import type { FollowUpView } from '../src/follow-up/follow-up-view.js';
import { safeUuid } from '../src/distribution/safe-id.js';

const bilag2 = JSON.parse(readFileSync(new URL('../fixtures/bilag2.json', import.meta.url), 'utf8')) as PlanInput;
const converter = fakeConverter(async () => FAKE_PDF);
const PUBLIC_URL = 'https://indsatsplan.kommune.example';
/** What the plan holds and no follow-up may: CPR numbers, diagnoses, the citizen's address and phone, the plan's text. */
const NEVER_KEPT = ['010180-4000', '0101804000', '020280-400', '020280400', 'DF40', 'DF10', 'agorafobi', 'alkoholafhængighed', 'Testvej', '20 30 40 50', 'angstlidelse', 'Socialrådgiver'];

const clock = { now: Date.parse('2014-09-01T08:00:00Z') };
const at = (iso: string) => {
  clock.now = Date.parse(iso);
};
let dir: string;
let smtp: SmtpTestServer;
const { logger, lines } = capturedLogger();

/** One service instance on the shared database file: its app, its distribution sender and its follow-up scheduler. */
async function startService(env: Record<string, string> = {}) {
  const config = testConfig({
    DATA_DIR: dir,
    SMTP_HOST: smtp.host,
    SMTP_PORT: String(smtp.port),
    SMTP_CA_FILE: smtp.caFile,
    PUBLIC_URL,
    ...env,
  });
  const stores = openSqliteStores(config.databaseFile);
  const distributions = createDistributionService(config, logger, { stores, now: () => clock.now });
  const followUps = createFollowUpService(config, logger, { store: stores.followUps, distributions, now: () => clock.now });
  const t = await createTestApp({ config, logger, converter, distributions, followUps, now: () => new Date(clock.now) });
  return {
    ...t,
    stores,
    scheduler: followUps.scheduler,
    close: async () => {
      await t.close();
      await followUps.close();
      await distributions.close();
      await stores.close();
    },
  };
}
type Service = Awaited<ReturnType<typeof startService>>;
let service: Service;

function rawFollowUps(): Array<Record<string, unknown>> {
  const db = new Database(path.join(dir, 'indsatsplan.db'), { readonly: true });
  try {
    return db.prepare(`SELECT * FROM follow_ups ORDER BY created_at`).all() as Array<Record<string, unknown>>;
  } finally {
    db.close();
  }
}
const reminders = () => smtp.messages.filter((m) => m.subject?.startsWith('Påmindelse'));
const plan = (o: Partial<PlanInput>): PlanInput => ({ ...bilag2, ...o });
/** Another citizen than Bilag 2's, with a CPR number of their own: the same coordinator's plans for them never end each other's follow-ups. */
const cprs = new Map<string, string>();
const citizen = (name: string) => {
  if (!cprs.has(name)) cprs.set(name, `020280-${4000 + cprs.size}`);
  return { ...bilag2.citizen!, name, cpr: cprs.get(name)! };
};

async function prepare(s: Service, p: PlanInput): Promise<string> {
  const res = await request(s.app).post('/api/distributions').send({ plan: p });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as string;
}
async function send(s: Service, id: string): Promise<void> {
  const res = await request(s.app).post(`/api/distributions/${id}/send`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}
async function listed(s: Service): Promise<FollowUpView[]> {
  const res = await request(s.app).get('/api/follow-ups');
  expect(res.status).toBe(200);
  return res.body.followUps as FollowUpView[];
}
const named = (all: FollowUpView[], name: string) => all.filter((f) => f.citizen.name === name);

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'follow-up-'));
  smtp = await startSmtpTestServer({ tls: 'starttls' });
  service = await startService();
});
afterAll(async () => {
  await service?.close();
  await smtp?.close();
  rmSync(dir, { recursive: true, force: true });
  // Not one log line of this file carries a CPR number or a citizen's name.
  for (const line of lines) {
    expect(containsCprLike(line), line).toBe(false);
    expect(line).not.toMatch(/Jens Peter Nielsen|Karin Holm|Mette Hansen/);
  }
});

describe('a follow-up is remembered', () => {
  it('when a final plan’s distribution is sent; not while it is only prepared, and never for a draft', async () => {
    const id = await prepare(service, bilag2);
    expect(await listed(service)).toEqual([]);
    // Prepared but unsent: kept beside the distribution, not a follow-up yet, and a scheduler's pass does not make it one.
    await service.scheduler.runOnce();
    expect(await listed(service)).toEqual([]);
    expect(rawFollowUps().map((r) => r.activated_at)).toEqual([null]);

    await send(service, id);
    const [f, ...others] = await listed(service);
    expect(others).toEqual([]);
    expect(f).toMatchObject({
      state: 'upcoming',
      overdue: false,
      followUpDate: '2014-10-01',
      meetingDate: '2014-05-01',
      reminderDate: '2014-09-10',
      reminderSentAt: null,
      citizen: { name: 'Jens Peter Nielsen' },
      coordinator: { name: 'Anne Andersen', organisation: 'Roskilde Kommune, Misbrugscenter Roskilde', email: 'anne.andersen@misbrugscenter.example.dk' },
      invitationUrl: `/invitation?opfoelgning=${f!.id}`,
    });
    expect(f!.participants.map((p) => p.name)).toEqual(['Peter Holm', 'Lise Madsen', 'Karen Sørensen', 'Mads Jørgensen']);
    expect((await request(service.app).get(`/api/follow-ups/${f!.id}`)).body).toEqual(f);

    // Another citizen's plan, prepared and never sent, and a draft, which may not be distributed at all.
    await prepare(service, plan({ citizen: citizen('Mette Hansen') }));
    const draft = await request(service.app).post('/api/distributions').send({ plan: plan({ status: 'draft', citizen: citizen('Karin Holm') }) });
    expect(draft.status).toBe(422);
    await service.scheduler.runOnce();
    expect((await listed(service)).map((x) => x.citizen.name)).toEqual(['Jens Peter Nielsen']);
    expect(rawFollowUps().map((r) => [r.citizen_name, r.activated_at !== null])).toEqual([
      ['Jens Peter Nielsen', true],
      ['Mette Hansen', false],
    ]);
  });

  it('without a CPR number, a diagnosis or any of the plan’s text in the stored record', () => {
    const rows = rawFollowUps();
    expect(rows.length).toBeGreaterThan(0);
    const stored = JSON.stringify(rows);
    for (const secret of NEVER_KEPT) expect(stored, secret).not.toContain(secret);
    expect(Object.keys(rows[0]!).sort()).toEqual([
      'activated_at', 'citizen_name', 'coordinator_email', 'coordinator_name', 'coordinator_organisation', 'created_at', 'distribution_id',
      'follow_up_date', 'id', 'match_key', 'meeting_date', 'owner_id', 'owner_organisation', 'participants',
      'reminded_at', 'reminder_claimed_until', 'reminder_distribution_id',
    ]);
  });
});

describe('a prepared distribution never sent', () => {
  it('leaves no follow-up once it has expired unsent', async () => {
    await prepare(service, plan({ citizen: citizen('Ulla Berg') }));
    expect(rawFollowUps().map((r) => r.citizen_name)).toContain('Ulla Berg');
    // The distributions' purge, past DISTRIBUTION_UNSENT_TTL_HOURS (its store stamps them with the real time).
    const { expired } = await purgeDistributions({ stores: service.stores, logger, unsentTtlMs: service.config.distribution.unsentTtlMs, now: () => Date.now() + service.config.distribution.unsentTtlMs + 60_000 });
    expect(expired.length).toBeGreaterThanOrEqual(1);
    expect((await service.scheduler.runOnce()).dropped).toBe(expired.length);
    const names = rawFollowUps().map((r) => r.citizen_name);
    expect(names).not.toContain('Ulla Berg');
    expect(names).not.toContain('Mette Hansen');
    expect(names).toContain('Jens Peter Nielsen');
  });
});

describe('the reminder', () => {
  it('goes out once, on its day in Copenhagen and not a day early, by secure e-mail with only the id in its link', async () => {
    at('2014-09-09T21:59:00Z'); // 23.59 on 9 September in Copenhagen
    expect((await service.scheduler.runOnce()).reminders).toEqual([]);
    expect(reminders()).toHaveLength(0);

    at('2014-09-09T22:00:00Z'); // midnight: 10 September, 21 days before 1 October
    const pass = await service.scheduler.runOnce();
    expect(pass.reminders).toHaveLength(1);
    const [mail] = reminders();
    expect(reminders()).toHaveLength(1);
    const [f] = await listed(service);
    expect(mail!.to).toMatchObject({ value: [{ address: 'anne.andersen@misbrugscenter.example.dk' }] });
    expect(mail!.tlsVersion).toMatch(/^TLSv1\.[23]$/);
    // The subject is what a mail log shows: the date, no name.
    expect(mail!.subject).toBe('Påmindelse: opfølgende koordinationsmøde senest 1. oktober 2014');
    expect(mail!.text).toContain('Kære Anne Andersen');
    expect(mail!.text).toContain('Den koordinerende indsatsplan for Jens Peter Nielsen fra koordinationsmødet den 1. maj 2014 skal følges op senest den 1. oktober 2014.');
    expect(mail!.text).toContain(`${PUBLIC_URL}/invitation?opfoelgning=${f!.id}\n`);
    const links = mail!.text!.match(/https?:\/\/\S+/g) ?? [];
    expect(links).toEqual([`${PUBLIC_URL}/invitation?opfoelgning=${f!.id}`]);

    expect(f).toMatchObject({ state: 'due', reminderSentAt: new Date(clock.now).toISOString(), reminderDistributionId: pass.reminders[0] });
    // A distribution of its own kind: its state, and who sent what, in the audit log.
    const d = await request(service.app).get(`/api/distributions/${pass.reminders[0]}`);
    expect(d.body).toMatchObject({ kind: 'reminder', state: 'finished', title: 'Påmindelse om opfølgning senest 1. oktober 2014' });
    expect(d.body.recipients.map((r: { role: string; state: string; address: string }) => [r.role, r.state, r.address])).toEqual([
      ['coordinator', 'sent', 'anne.andersen@misbrugscenter.example.dk'],
    ]);
    const audit = await request(service.app).get(`/api/distributions/${pass.reminders[0]}/audit`);
    expect(audit.body.records.map((r: { action: string; actor: string }) => [r.action, r.actor])).toEqual([
      ['distribution-prepared', REMINDER_ACTOR],
      ['recipient-listed', REMINDER_ACTOR],
      ['send-requested', REMINDER_ACTOR],
      ['delivery-sent', REMINDER_ACTOR],
    ]);

    // Later passes that day, and the next day, send nothing more.
    expect((await service.scheduler.runOnce()).reminders).toEqual([]);
    at('2014-09-11T08:00:00Z');
    expect((await service.scheduler.runOnce()).reminders).toEqual([]);
    expect(reminders()).toHaveLength(1);
  });

  it('is not sent again after a restart', async () => {
    await service.close();
    service = await startService();
    expect((await service.scheduler.runOnce()).reminders).toEqual([]);
    expect(reminders()).toHaveLength(1);
    expect((await listed(service))[0]?.reminderSentAt).not.toBeNull();
  });

  it('is sent once by two schedulers on the same database, and by the next one when a scheduler died holding it', async () => {
    at('2014-09-20T08:00:00Z');
    await send(service, await prepare(service, plan({ citizen: citizen('Karin Holm'), followUpDate: '2014-10-15' })));
    await send(service, await prepare(service, plan({ citizen: citizen('Bo Ibsen'), followUpDate: '2014-10-16' })));
    const other = await startService();
    try {
      at('2014-09-24T08:00:00Z'); // Karin Holm's reminder day
      const passes = await Promise.all([service.scheduler.runOnce(), other.scheduler.runOnce()]);
      expect(passes.flatMap((p) => p.reminders)).toHaveLength(1);
      const karin = reminders().filter((m) => m.text?.includes('Karin Holm'));
      expect(karin).toHaveLength(1);
      expect(karin[0]!.subject).toBe('Påmindelse: opfølgende koordinationsmøde senest 15. oktober 2014');

      // Bo Ibsen's day: a scheduler claims his reminder and dies before it sends anything.
      at('2014-09-25T08:00:00Z');
      const dead = await other.followUps.store.claimReminder({ dueUpTo: '2014-10-16', now: clock.now, leaseMs: REMINDER_CLAIM_LEASE_MS, newDistributionId: safeUuid() });
      expect(dead?.citizenName).toBe('Bo Ibsen');
      expect((await service.scheduler.runOnce()).reminders).toEqual([]);
      at(new Date(clock.now + REMINDER_CLAIM_LEASE_MS).toISOString());
      const retaken = await Promise.all([service.scheduler.runOnce(), other.scheduler.runOnce()]);
      expect(retaken.flatMap((p) => p.reminders)).toEqual([dead?.reminderDistributionId]);
      expect(reminders().filter((m) => m.text?.includes('Bo Ibsen'))).toHaveLength(1);
      expect(named(await listed(service), 'Bo Ibsen')[0]?.reminderDistributionId).toBe(dead?.reminderDistributionId);
    } finally {
      await other.close();
    }
    expect(reminders()).toHaveLength(3);
  });
});

describe('the schedule', () => {
  it('runs the passes by itself once started (croner)', async () => {
    const s = await startService();
    try {
      s.scheduler.start('* * * * * *'); // every second, for the test
      // Sent after the start-up pass: only a scheduled pass can remind of it (its day is today).
      await send(s, await prepare(s, plan({ citizen: citizen('Lis Berg'), followUpDate: '2014-10-16' })));
      const deadline = Date.now() + 15_000;
      while (!reminders().some((m) => m.text?.includes('Lis Berg')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect(reminders().filter((m) => m.text?.includes('Lis Berg'))).toHaveLength(1);
    } finally {
      await s.close();
    }
  });
});

describe('a follow-up ends', () => {
  it('when a newer plan for the same citizen and coordinator is sent', async () => {
    const before = await listed(service);
    const old = named(before, 'Jens Peter Nielsen')[0]!;
    at('2014-09-26T08:00:00Z');
    const newer = plan({
      meetingDate: '2014-09-25',
      followUpDate: '2015-02-01',
      // The same person, however the referent typed them this time.
      citizen: { ...bilag2.citizen!, name: 'Jens Peter  Nielsen ' },
      coordinator: { ...bilag2.coordinator!, email: 'Anne.Andersen@misbrugscenter.example.dk' },
    });
    await send(service, await prepare(service, newer));
    const after = await listed(service);
    expect(after.map((f) => f.id)).not.toContain(old.id);
    expect(after.find((f) => f.meetingDate === '2014-09-25')).toMatchObject({ followUpDate: '2015-02-01', state: 'upcoming' });
    expect((await request(service.app).get(`/api/follow-ups/${old.id}`)).status).toBe(404);
    // Other citizens' follow-ups are untouched.
    expect(named(after, 'Karin Holm')).toHaveLength(1);
    expect(rawFollowUps().some((r) => r.id === old.id)).toBe(false);
  });

  it('is flagged overdue once its date has passed, and deleted 30 days after it', async () => {
    at('2014-11-13T12:00:00Z'); // Karin Holm's follow-up (15 October) is 29 days past
    const pass = await service.scheduler.runOnce();
    expect(pass.overdue).toBe(3); // Karin Holm, Bo Ibsen, Lis Berg
    expect(named(await listed(service), 'Karin Holm')[0]).toMatchObject({ state: 'overdue', overdue: true, stateLabel: 'Overskredet' });

    at('2014-11-14T12:00:00Z');
    expect((await service.scheduler.runOnce()).deleted).toBe(1);
    const names = rawFollowUps().map((r) => r.citizen_name);
    expect(names).not.toContain('Karin Holm');
    expect(names).toContain('Bo Ibsen');
  });
});

describe('who sees a follow-up', () => {
  it('is who prepared the plan’s distribution and coordinators of its organisation; to others it does not exist', async () => {
    const key = (name: string) => `${name}-nøgle-der-er-lang-nok-til-testen`;
    const keys = ['sbsys', 'nexus', 'koordinator'];
    const entries = [`sbsys=${hashApiKey(key('sbsys'))}`, `nexus=${hashApiKey(key('nexus'))}`, `koordinator=${hashApiKey(key('koordinator'))}:coordinator`];
    const s = await startService({ API_KEYS: entries.join(',') });
    try {
      const f = followUpOfPlan(PlanSchema.parse(plan({ citizen: citizen('Ole Olsen') })), safeUuid(), { id: 'key:sbsys', organisation: 'Kommunen' }, 'the-follow-up-tests-own-secret-32-chars')!;
      await s.followUps.store.savePending(f, new Date(clock.now).toISOString());
      await s.followUps.store.activate(f.distributionId, new Date(clock.now).toISOString());
      const as = (name: string, url: string) => request(s.app).get(url).set('Authorization', `Bearer ${key(name)}`);
      const sees: Record<string, boolean> = {};
      for (const name of keys) {
        const list = await as(name, '/api/follow-ups');
        const one = await as(name, `/api/follow-ups/${f.id}`);
        sees[name] = (list.body.followUps as FollowUpView[]).some((x) => x.id === f.id);
        expect(one.status, name).toBe(sees[name] ? 200 : 404);
      }
      expect(sees).toEqual({ sbsys: true, nexus: false, koordinator: true });
      expect((await request(s.app).get('/api/follow-ups')).status).toBe(401);
    } finally {
      await s.close();
    }
  });
});
