/**
 * Two replicas of the real service (server/index.ts, two processes) on one PostgreSQL
 * database and one outbox folder, sending over a real SMTP server (STARTTLS) on loopback.
 * A distribution prepared on one and sent on both at once reaches every recipient exactly
 * once, and both requests answer with the finished outcome; when the replica that is sending is killed with SIGKILL mid-send, the other one
 * finishes the distribution once the dead one's claim has run out (a short lease here),
 * without anyone pressing send again and without the dead one coming back.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ParsedMail } from 'mailparser';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresStores } from '../src/storage/open-postgres-stores.js';
import type { DistributionView } from '../src/distribution/distribution-view.js';
import type { DistributionRecord } from '../src/distribution/distribution-records.js';
import type { AuditRecord } from '../src/distribution/audit-log.js';
import type { PlanInput } from '../src/plan/schema.js';
import { containsCprLike } from '../src/shared/redact.js';
import { startServiceProcess, type ServiceProcess } from './helpers/service-process.js';
import { startSmtpTestServer, type SmtpReply, type SmtpTestServer } from './helpers/smtp.js';
import { testDatabase, type TestDatabase } from './helpers/postgres-database.js';
import { outboxFiles as listOutboxFiles } from './helpers/distribution.js';

/** Two service starts and a LibreOffice conversion: minutes, not seconds, under the whole suite's load on 2 cores. */
const SLOW_TEST_MS = 300_000;

const bilag2 = JSON.parse(readFileSync(new URL('../fixtures/bilag2.json', import.meta.url), 'utf8')) as PlanInput;
const LEASE_MS = 4000;

let db: TestDatabase;
let dir: string;
let smtp: SmtpTestServer | undefined;
const replicas: ServiceProcess[] = [];

beforeAll(async () => {
  db = await testDatabase();
});
afterAll(async () => {
  await db.drop();
});
afterEach(async () => {
  for (const r of replicas.splice(0)) {
    await r.stop('SIGKILL');
    for (const line of r.logs) expect(containsCprLike(JSON.stringify(line))).toBe(false);
  }
  await smtp?.close();
  smtp = undefined;
  rmSync(dir, { recursive: true, force: true });
});

/** A replica: its own DATA_DIR (LibreOffice's profile), the shared database and outbox; its own sender address, to tell who sent what. */
async function replica(name: 'a' | 'b', server: SmtpTestServer): Promise<ServiceProcess> {
  const r = await startServiceProcess({
    DATA_DIR: path.join(dir, `replica-${name}`),
    DATABASE_URL: db.url,
    FOLLOW_UP_MATCH_SECRET: 'the-replicas-shared-secret-of-32-chars+',
    OUTBOX_DIR: path.join(dir, 'outbox'),
    // The per-call converter: one LibreOffice for the one plan, no warm pool to wait for.
    CONVERTER: 'per-call',
    CONVERSION_WORKERS: '1',
    SMTP_HOST: server.host,
    SMTP_PORT: String(server.port),
    SMTP_CA_FILE: server.caFile,
    MAIL_FROM: `Indsatsplan <indsatsplan@${name}.roskilde.dk>`,
    DISTRIBUTION_CLAIM_LEASE_MS: String(LEASE_MS),
    DISTRIBUTION_SWEEP_SECONDS: '1',
    LOG_LEVEL: 'info',
  });
  replicas.push(r);
  return r;
}

async function startBoth(server: SmtpTestServer): Promise<{ a: ServiceProcess; b: ServiceProcess }> {
  dir = mkdtempSync(path.join(os.tmpdir(), 'dist-replicas-'));
  // At once: both migrate the same empty database (the advisory lock lets one do it).
  const [a, b] = await Promise.all([replica('a', server), replica('b', server)]);
  return { a, b };
}

async function prepare(on: ServiceProcess): Promise<DistributionView> {
  const res = await fetch(`${on.baseUrl}/api/distributions`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Actor': 'Anne Koordinator (akoo)' },
    body: JSON.stringify({ plan: bilag2 }),
  });
  expect(res.status).toBe(201);
  return (await res.json()) as DistributionView;
}

const send = (on: ServiceProcess, id: string) =>
  fetch(`${on.baseUrl}/api/distributions/${id}/send`, { method: 'POST', headers: { 'X-Actor': 'Anne Koordinator (akoo)' } });

async function read(id: string): Promise<{ distribution: DistributionRecord; audit: AuditRecord[] }> {
  const stores = await openPostgresStores(db.url);
  try {
    return { distribution: (await stores.distributions.getDistribution(id))!, audit: await stores.audit.list(id) };
  } finally {
    await stores.close();
  }
}

const recipientOf = (m: ParsedMail) => (m.to && !Array.isArray(m.to) ? m.to.value[0]!.address! : '');
const senderOf = (m: ParsedMail) => m.from?.value[0]?.address ?? '';
const countBy = (xs: string[]) => xs.reduce<Record<string, number>>((acc, x) => ({ ...acc, [x]: (acc[x] ?? 0) + 1 }), {});
const outboxFiles = () => listOutboxFiles(path.join(dir, 'outbox'));

/** Every delivery sent exactly once: one message per e-mail recipient, one outbox file per other delivery, one `delivery-sent` each. */
async function expectExactlyOnce(id: string, server: SmtpTestServer): Promise<DistributionRecord> {
  const { distribution, audit } = await read(id);
  const byChannel = (c: string) => distribution.deliveries.filter((d) => d.channel === c);
  expect(distribution.deliveries.map((d) => d.state)).toEqual(distribution.deliveries.map(() => 'sent'));
  const mails = byChannel('secure-email');
  expect(mails.length).toBeGreaterThanOrEqual(5);
  expect(countBy(server.messages.map(recipientOf))).toEqual(Object.fromEntries(mails.map((d) => [d.address, 1])));
  expect(server.messages.map((m) => m.messageId?.replace(/^<|@.*$/g, '')).sort()).toEqual(mails.map((d) => d.id).sort());
  expect(outboxFiles().sort()).toEqual(
    [...byChannel('digital-post').map((d) => `digital-post/${d.id}.xml`), ...byChannel('letter').map((d) => `print/${d.id}.pdf`)].sort(),
  );
  const sentRecords = audit.filter((a) => a.action === 'delivery-sent').map((a) => a.deliveryId!);
  expect(sentRecords.sort()).toEqual(distribution.deliveries.map((d) => d.id).sort());
  expect(distribution.documentsPurged).toBe(true);
  expect(containsCprLike(JSON.stringify(audit))).toBe(false);
  return distribution;
}

describe('two replicas on one PostgreSQL database and one outbox folder', () => {
  it('prepared on one, sent on both at once: every recipient gets exactly one message', async () => {
    smtp = await startSmtpTestServer({ tls: 'starttls' });
    const { a, b } = await startBoth(smtp);
    const prepared = await prepare(a);
    expect(prepared.recipients.map((r) => r.channel).sort()).toEqual(['digital-post', ...Array(5).fill('secure-email')]);
    // The other replica sees it at once: it is in the shared database.
    expect((await (await fetch(`${b.baseUrl}/api/distributions/${prepared.id}`)).json()) as DistributionView).toMatchObject({ id: prepared.id, state: 'prepared' });

    const answers = await Promise.all([send(a, prepared.id), send(b, prepared.id)]);
    // Each request answers with the outcome, also of the deliveries the other replica got to first (not a 202 while they are under way).
    expect(answers.map((r) => r.status)).toEqual([200, 200]);
    await expect
      .poll(async () => ((await (await fetch(`${b.baseUrl}/api/distributions/${prepared.id}`)).json()) as DistributionView).state, { timeout: 30_000, interval: 200 })
      .toBe('finished');
    await expectExactlyOnce(prepared.id, smtp);
  }, SLOW_TEST_MS);

  it('kill -9 of the replica that is sending: the other takes its claim over when the lease runs out and finishes; nobody twice, nobody missing', async () => {
    let killedAt = 0;
    let killed: string | undefined;
    let seen = 0;
    const byName = new Map<string, ServiceProcess>();
    // At the 3rd message the replica that is sending it dies, before the server accepted it.
    smtp = await startSmtpTestServer({
      tls: 'starttls',
      beforeAccept: async (mail): Promise<SmtpReply | void> => {
        seen += 1;
        if (seen !== 3) return;
        killed = /@(\w)\.roskilde\.dk$/.exec(senderOf(mail))?.[1];
        await byName.get(killed!)!.stop('SIGKILL');
        killedAt = Date.now();
        return { code: 421, message: 'connection lost' };
      },
    });
    const { a, b } = await startBoth(smtp);
    byName.set('a', a).set('b', b);
    const prepared = await prepare(a);

    // Both asked at once; the dying replica's request is cut off with it.
    await Promise.allSettled([send(a, prepared.id), send(b, prepared.id)]);
    expect(killed).toMatch(/^[ab]$/);
    const survivor = killed === 'a' ? b : a;
    await expect
      .poll(async () => ((await (await fetch(`${survivor.baseUrl}/api/distributions/${prepared.id}`)).json()) as DistributionView).state, { timeout: 30_000, interval: 200 })
      .toBe('finished');
    const finishedAfterMs = Date.now() - killedAt;

    const distribution = await expectExactlyOnce(prepared.id, smtp);
    // The delivery that died with its replica was taken over, once its lease had run out, by the survivor.
    const taken = distribution.deliveries.filter((d) => d.resumed);
    expect(taken).toHaveLength(1);
    expect(taken[0]).toMatchObject({ channel: 'secure-email', attempts: 2, state: 'sent' });
    const [message] = smtp.messages.filter((m) => recipientOf(m) === taken[0]!.address);
    expect(senderOf(message!)).toBe(`indsatsplan@${killed === 'a' ? 'b' : 'a'}.roskilde.dk`);
    const { audit } = await read(prepared.id);
    // ...by its sweep (actor `system`): its own pass for the send request had ended before the lease did.
    expect(audit.filter((x) => x.deliveryId === taken[0]!.id && x.action !== 'recipient-listed').map((x) => [x.action, x.actor])).toEqual([
      ['delivery-resumed', 'system'],
      ['delivery-sent', 'system'],
    ]);
    // Not before the lease ran out: the dead claim could not be taken sooner. (No upper bound:
    // how soon after depends on the machine's load; the poll above bounds the wait.)
    expect(finishedAfterMs).toBeGreaterThanOrEqual(LEASE_MS - 1000);
  }, SLOW_TEST_MS);
});
