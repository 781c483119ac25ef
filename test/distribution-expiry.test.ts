/**
 * A distribution prepared and never sent expires: the purge deletes its documents and its
 * recipients' personal data from the SQLite file and keeps the audit facts; it can no
 * longer be sent. Read back past the store, from the file's tables and bytes.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, testConfig } from './helpers/app.js';
import { sqliteFileContains, sqliteRows } from './helpers/sqlite-file.js';
import { capturedLogger, createTestDistributions, fakeChannels, FAKE_PDF, seedDistribution, seedRequestedDistribution } from './helpers/distribution.js';
import type { DistributionService } from '../src/distribution/create-distribution-service.js';
import { purgeDistributions, schedulePurge } from '../src/distribution/purge-distributions.js';
import { idempotencyStoreKey } from '../src/distribution/request-send.js';
import { fakeConverter } from './helpers/fake-converter.js';
import type { PlanInput } from '../src/plan/schema.js';
import type { DistributionView } from '../src/distribution/distribution-view.js';

const HOUR = 3_600_000;
const minimal = JSON.parse(readFileSync(new URL('../fixtures/minimal.json', import.meta.url), 'utf8')) as PlanInput;
const plan: PlanInput = {
  ...minimal,
  citizen: { ...minimal.citizen, name: 'Karla Udløbsen' },
  participants: [
    ...(minimal.participants ?? []),
    { name: 'Uden Mail', title: 'Sygeplejerske', organisation: 'Hjemmeplejen', phone: '', email: '', attended: true },
  ],
  relativesConsent: true,
  relatives: [{ name: 'Ole Udløbsen', cpr: '020260-1233', relation: 'stedfar' }],
  generalPractitioner: { name: 'Lægerne i Algade', clinic: 'Algade Lægehus', address: 'Algade 1\n4000 Roskilde', phone: '' },
};
/** What identifies a person of the expired distribution: none of it may be left in the file. */
const PERSONAL = ['Karla Udløbsen', '0101804000', 'Anne Koordinator', 'anne.koordinator@roskilde.dk', 'Peter Psykiater',
  'peter.psykiater@regionsjaelland.dk', 'Distriktspsykiatrien Roskilde', 'Uden Mail', 'Hjemmeplejen', 'Ole Udløbsen', '0202601233', 'stedfar',
  'Lægerne i Algade', 'Algade Lægehus', 'Algade 1'];
const converter = fakeConverter(async () => FAKE_PDF);

let dir: string;
let file: string;
let service: DistributionService;
const clock = { now: Date.now() };

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'dist-expiry-'));
  file = path.join(dir, 'indsatsplan.db');
  clock.now = Date.now();
});
afterEach(async () => {
  await service?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function setup() {
  const config = testConfig({ DISTRIBUTION_UNSENT_TTL_HOURS: '72' });
  const { logger } = capturedLogger();
  const fake = fakeChannels();
  service = createTestDistributions(config, logger, { databaseFile: file, channels: fake.channels, now: () => clock.now });
  const ctx = await createTestApp({ config, logger, converter, distributions: { ...service, buildGpLetter: async () => Buffer.from('%PDF-letter') } });
  return { app: ctx.app, fake, logger, config };
}

const rows = (table: string) => sqliteRows(file, table);
const onDisk = (text: string) => sqliteFileContains(file, text);

describe('expiry of a distribution that was never sent', () => {
  it('deletes its documents and personal data at the purge after its time, keeps the audit facts, and refuses to send it', async () => {
    const { app, fake } = await setup();
    const res = await request(app).post('/api/distributions').set('X-Actor', 'Birgitte Koordinator (bsoe)').send({ plan });
    expect(res.status).toBe(201);
    const id = (res.body as DistributionView).id;
    expect((res.body as DistributionView).recipients.map((r) => r.state)).toEqual(['pending', 'pending', 'manual', 'pending', 'pending', 'pending']);
    // Another one, sent at once: finished, it keeps no document, and it does not expire.
    const { distributions: store, audit: auditLog, idempotency } = service.stores;
    const sent = await seedRequestedDistribution(store, [{ role: 'participant', name: 'Bo Bostøtte', channel: 'secure-email', text: 'Kære Bo' }]);
    expect((await request(app).post(`/api/distributions/${sent.id}/send`).set('Idempotency-Key', 'k-sent')).status).toBe(200);
    // Kept under the client's own key (no login here: the development identity).
    const sentKey = idempotencyStoreKey({ client: 'development', key: 'k-sent' });
    expect(await idempotency.get(sentKey)).toMatchObject({ distributionId: sent.id });
    expect(rows('documents').map((r) => r.distribution_id)).toEqual([id, id, id]);
    expect(PERSONAL.filter((p) => !onDisk(p))).toEqual([]); // the check below can see them

    // Not yet: 71 hours later the purge leaves it alone.
    clock.now += 71 * HOUR;
    expect((await purgeDistributions({ stores: service.stores, logger: capturedLogger().logger, unsentTtlMs: 72 * HOUR, now: () => clock.now })).expired).toEqual([]);
    expect((await store.getDistribution(id))!.expiredAt).toBeNull();

    // 73 hours: the service's start-up purge expires it.
    clock.now += 2 * HOUR;
    await service.start();

    const status = await request(app).get(`/api/distributions/${id}`);
    expect(status.status).toBe(200);
    expect(status.body).toMatchObject({ state: 'expired', stateLabel: 'Udløbet', finished: true, expiredAt: expect.any(String), counts: { expired: 5, manual: 1, pending: 0 } });
    expect((status.body as DistributionView).recipients.map((r) => [r.role, r.channel, r.state, r.name, r.organisation, r.address])).toEqual([
      ['coordinator', 'secure-email', 'expired', '', '', null],
      ['participant', 'secure-email', 'expired', '', '', null],
      ['participant', 'secure-email', 'manual', '', '', null],
      ['citizen', 'digital-post', 'expired', '', '', null],
      ['relative', 'digital-post', 'expired', '', '', null],
      ['general-practitioner', 'letter', 'expired', '', '', null],
    ]);
    expect((status.body as DistributionView).recipients[0]!.reason).toMatch(/udløb.*intet er sendt/);

    const send = await request(app).post(`/api/distributions/${id}/send`).set('X-Actor', 'Birgitte Koordinator (bsoe)');
    expect(send.status).toBe(409);
    expect(send.body).toMatchObject({ type: '/problems/distribution-expired', title: 'Udsendelsen er udløbet' });
    expect(send.body.detail).toMatch(/udløbet.*intet er sendt/);
    expect(fake.calls.map((c) => c.to)).toEqual(['bo.bost.tte@example.dk']);

    // In the file's tables: no document, no personal data of the expired distribution.
    expect(rows('documents')).toEqual([]);
    for (const table of ['distributions', 'deliveries', 'audit_log', 'idempotency_keys']) {
      for (const row of rows(table).filter((r) => (r.distribution_id ?? r.id) === id)) {
        const text = JSON.stringify(row);
        for (const p of PERSONAL) expect(text, `${table}: ${p}`).not.toContain(p);
      }
    }
    for (const d of rows('deliveries').filter((r) => r.distribution_id === id)) {
      expect(d).toMatchObject({ name: '', organisation: '', address: null, body: null, subject: '' });
    }
    // ... nor anywhere in the file's bytes (freed pages, the WAL).
    for (const p of PERSONAL) expect(onDisk(p), p).toBe(false);

    // The audit facts stay: who prepared it and when, which roles and channels, each outcome, and the expiry.
    const audit = await auditLog.list(id);
    expect(audit.map((a) => [a.action, a.actor, a.role ?? null, a.channel ?? null, a.outcome, a.name])).toEqual([
      ['distribution-prepared', 'Birgitte Koordinator (bsoe)', null, null, 'forberedt til 6 modtagere', null],
      ['recipient-listed', 'Birgitte Koordinator (bsoe)', 'coordinator', 'secure-email', 'klar til afsendelse', null],
      ['recipient-listed', 'Birgitte Koordinator (bsoe)', 'participant', 'secure-email', 'klar til afsendelse', null],
      ['recipient-listed', 'Birgitte Koordinator (bsoe)', 'participant', 'secure-email', 'kræver manuel håndtering', null],
      ['recipient-listed', 'Birgitte Koordinator (bsoe)', 'citizen', 'digital-post', 'klar til afsendelse', null],
      ['recipient-listed', 'Birgitte Koordinator (bsoe)', 'relative', 'digital-post', 'klar til afsendelse', null],
      ['recipient-listed', 'Birgitte Koordinator (bsoe)', 'general-practitioner', 'letter', 'klar til afsendelse', null],
      ['distribution-expired', 'system', null, null, 'udløbet uden at være sendt', null],
    ]);
    expect(audit.every((a) => a.at.length > 0)).toBe(true);

    // The sent one is untouched: finished, named (the record of who got the plan), no document;
    // its stored answer to the Idempotency-Key is forgotten after a day.
    expect(await store.getDistribution(sent.id)).toMatchObject({ expiredAt: null, documentsPurged: true, deliveries: [{ name: 'Bo Bostøtte', state: 'sent' }] });
    expect(await idempotency.get(sentKey)).toBeUndefined();
  });

  it('refuses a send request past its time at once, before the scheduled purge has run', async () => {
    const { app, fake } = await setup();
    const res = await request(app).post('/api/distributions').set('X-Actor', 'Birgitte Koordinator (bsoe)').send({ plan });
    expect(res.status).toBe(201);
    const id = (res.body as DistributionView).id;
    // No start-up purge, no schedule: only the send request itself can notice the time is up.
    clock.now += 73 * HOUR;
    const send = await request(app).post(`/api/distributions/${id}/send`).set('X-Actor', 'Birgitte Koordinator (bsoe)');
    expect(send.status).toBe(409);
    expect(send.body).toMatchObject({ type: '/problems/distribution-expired' });
    expect(fake.calls).toEqual([]);
    expect(rows('documents')).toEqual([]);
    const actions = (await service.stores.audit.list(id)).map((a) => a.action);
    expect(actions).toContain('distribution-expired');
    expect(actions).not.toContain('send-requested');
  });

  it('sends one whose time is not up, though it is near', async () => {
    const { app, fake } = await setup();
    const res = await request(app).post('/api/distributions').set('X-Actor', 'Birgitte Koordinator (bsoe)').send({ plan });
    const id = (res.body as DistributionView).id;
    clock.now += 71 * HOUR;
    const send = await request(app).post(`/api/distributions/${id}/send`).set('X-Actor', 'Birgitte Koordinator (bsoe)');
    expect([200, 202]).toContain(send.status);
    expect(fake.calls.length).toBeGreaterThan(0);
  });

  it('runs the purge on its croner schedule until stopped', async () => {
    await setup();
    const store = service.stores.distributions;
    const { id } = await seedRequestedDistribution(store, [{ role: 'participant', name: 'Bo', channel: 'secure-email' }]);
    const prepared = await seedDistribution(store, [{ role: 'participant', name: 'Karla Udløbsen', channel: 'secure-email' }]);
    clock.now += 73 * HOUR;
    const job = schedulePurge({ stores: service.stores, logger: capturedLogger().logger, unsentTtlMs: 72 * HOUR, now: () => clock.now }, '* * * * * *');
    try {
      await expect.poll(async () => (await store.getDistribution(prepared.id))!.expiredAt, { timeout: 5000, interval: 100 }).not.toBeNull();
      expect((await store.getDistribution(id))!.expiredAt).toBeNull(); // its send was requested
    } finally {
      job.stop();
    }
    expect(job.isStopped()).toBe(true);
  });
});
