/**
 * Exactly once across a crash, with the real parts: a child process sends a distribution
 * over real SMTP (STARTTLS, a test certificate the client trusts) from a real SQLite file;
 * it is killed with SIGKILL in the middle, and a new process resumes as the service does
 * at start-up. Also: transient SMTP failures retried, permanent ones not.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSmtpTestServer, type SmtpReply, type SmtpTestServer } from './helpers/smtp.js';
import { capturedLogger, createTestDistributions, seedDistribution } from './helpers/distribution.js';
import type { Stores } from '../src/storage/stores.js';
import { withSqliteStores } from './helpers/sqlite-file.js';
import { testConfig } from './helpers/app.js';
import { recordSendRequest } from '../src/distribution/life-cycle.js';
import { containsCprLike } from '../src/shared/redact.js';
import { PROJECT_ROOT } from '../src/shared/paths.js';
import type { DistributionRecord } from '../src/distribution/distribution-records.js';
import type { ParsedMail } from 'mailparser';

const PROFESSIONALS = ['Anne Koordinator', 'Peter Psykiater', 'Sara Sagsbehandler', 'Bo Bostøtte', 'Karin Kontaktperson', 'Jens Jobcenter'];
const CHILD = path.join(PROJECT_ROOT, 'test', 'helpers', 'distribution-send-child.ts');

let dir: string;
let smtp: SmtpTestServer | undefined;
let child: ChildProcess | undefined;
const childLogs: string[] = [];

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'dist-crash-'));
});
afterEach(async () => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await smtp?.close();
  smtp = undefined;
  rmSync(dir, { recursive: true, force: true });
  for (const line of childLogs.splice(0)) expect(containsCprLike(line), line).toBe(false);
});

function env(server: SmtpTestServer): Record<string, string> {
  return {
    DATA_DIR: dir,
    SMTP_HOST: server.host,
    SMTP_PORT: String(server.port),
    SMTP_CA_FILE: server.caFile,
    MAIL_FROM: 'Indsatsplan <indsatsplan@roskilde.dk>',
    LOG_LEVEL: 'debug',
    DISTRIBUTION_RETRY_BASE_MS: '50',
  };
}

const withStores = <T>(fn: (stores: Stores) => Promise<T>) => withSqliteStores(path.join(dir, 'indsatsplan.db'), fn);

function seed(): Promise<{ id: string; deliveryIds: string[] }> {
  return withStores((stores) =>
    seedDistribution(stores.distributions, [
      ...PROFESSIONALS.map((name, i) => ({ role: i === 0 ? ('coordinator' as const) : ('participant' as const), name, channel: 'secure-email' as const })),
      { role: 'citizen', name: 'Mette Hansen', channel: 'digital-post' },
    ]),
  );
}

async function read(id: string): Promise<DistributionRecord> {
  return withStores(async (stores) => (await stores.distributions.getDistribution(id))!);
}

/** Runs the child to its end (exit code or signal), keeping its log lines. */
async function runChild(server: SmtpTestServer, args: string[]): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  child = spawn(process.execPath, ['--import', 'tsx', CHILD, ...args], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, ...env(server) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stdout!.on('data', (c: Buffer) => childLogs.push(...c.toString('utf8').split('\n').filter(Boolean)));
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  const [code, signal] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null];
  if (code !== 0 && signal === null) throw new Error(`child failed (${code}): ${stderr}`);
  return { code, signal };
}

const recipientOf = (m: ParsedMail) => (m.to && !Array.isArray(m.to) ? m.to.value[0]!.address! : '');
const countBy = (xs: string[]) => xs.reduce<Record<string, number>>((acc, x) => ({ ...acc, [x]: (acc[x] ?? 0) + 1 }), {});
const addressOf = (name: string) => `${name.toLowerCase().replace(/\W+/g, '.')}@example.dk`;

/** The SMTP server kills the sending child when the n-th message has arrived, before it replies. */
function killOnMessage(n: number, then: SmtpReply | undefined) {
  let seen = 0;
  return async (): Promise<SmtpReply | void> => {
    seen += 1;
    if (seen !== n || !child) return;
    const exited = once(child, 'exit');
    child.kill('SIGKILL');
    await exited;
    return then;
  };
}

describe('sending survives SIGKILL midway: every recipient ends with exactly one message', () => {
  it('killed before the server accepted the 3rd message: resumed, nobody twice, nobody missing', async () => {
    // The server never answers the 3rd message: the transaction dies with the process, as with a real MTA.
    smtp = await startSmtpTestServer({ tls: 'starttls', beforeAccept: killOnMessage(3, { code: 421, message: 'connection lost' }) });
    const { id, deliveryIds } = await seed();

    const first = await runChild(smtp, ['send', id]);
    expect(first.signal).toBe('SIGKILL');
    const mid = await read(id);
    expect(mid.deliveries.map((d) => d.state)).toEqual(['sent', 'sent', 'sending', 'pending', 'pending', 'pending', 'pending']);
    expect(smtp.messages).toHaveLength(2);

    const second = await runChild(smtp, ['resume']);
    expect(second.code).toBe(0);

    const counts = countBy(smtp.messages.map(recipientOf));
    expect(counts).toEqual(Object.fromEntries(PROFESSIONALS.map((n) => [addressOf(n), 1])));
    expect(smtp.messages.every((m) => m.tlsVersion === 'TLSv1.3' || m.tlsVersion === 'TLSv1.2')).toBe(true);
    const end = await read(id);
    expect(end.deliveries.map((d) => d.state)).toEqual(Array(7).fill('sent'));
    expect(end.deliveries[2]).toMatchObject({ attempts: 2, resumed: true });
    expect(readdirSync(path.join(dir, 'outbox', 'digital-post')).filter((f) => f.endsWith('.xml'))).toEqual([`${deliveryIds[6]}.xml`]);
    // the log lines of both processes and the audit records: identities and outcomes, no CPR
    expect(childLogs.some((l) => l.includes('resuming deliveries interrupted by a crash'))).toBe(true);
    const audit = await withStores((stores) => stores.audit.list(id));
    expect(audit.filter((a) => a.deliveryId === deliveryIds[2]).map((a) => a.action)).toEqual(['delivery-resumed', 'delivery-sent']);
    expect(containsCprLike(JSON.stringify(audit))).toBe(false);
    // each message carries its delivery's stable id
    expect(new Set(smtp.messages.map((m) => m.messageId))).toEqual(new Set(deliveryIds.slice(0, 6).map((d) => `<${d}@roskilde.dk>`)));
  });

  it('killed in the window after the server accepted but before the commit: the honest limit of SMTP', async () => {
    // The server keeps the 3rd message, but the sender dies before hearing "250 OK".
    smtp = await startSmtpTestServer({ tls: 'starttls', beforeAccept: killOnMessage(3, undefined) });
    const { id, deliveryIds } = await seed();
    expect((await runChild(smtp, ['send', id])).signal).toBe('SIGKILL');
    const server = smtp;
    await expect.poll(() => server.messages.length).toBe(3); // the server's side finishes just after the kill
    await runChild(smtp, ['resume']);

    const counts = countBy(smtp.messages.map(recipientOf));
    // Nobody is missing; only the one in-doubt recipient gets a second copy, with the same Message-ID.
    expect(counts).toEqual(Object.fromEntries(PROFESSIONALS.map((n, i) => [addressOf(n), i === 2 ? 2 : 1])));
    const third = smtp.messages.filter((m) => recipientOf(m) === addressOf(PROFESSIONALS[2]!));
    expect(third.map((m) => m.messageId)).toEqual([`<${deliveryIds[2]}@roskilde.dk>`, `<${deliveryIds[2]}@roskilde.dk>`]);
    expect((await read(id)).deliveries.map((d) => d.state)).toEqual(Array(7).fill('sent'));
  });
});

describe('SMTP failures', () => {
  it('retries a transient failure (451) with backoff and delivers exactly one copy; a permanent one (550) is not retried', async () => {
    const tries = new Map<string, number>();
    smtp = await startSmtpTestServer({
      tls: 'starttls',
      beforeAccept: (mail) => {
        const to = recipientOf(mail);
        const n = (tries.get(to) ?? 0) + 1;
        tries.set(to, n);
        if (to === addressOf('Peter Psykiater') && n <= 2) return { code: 451, message: 'Try again later' };
        if (to === addressOf('Sara Sagsbehandler')) return { code: 550, message: 'No such user' };
      },
    });
    const { id } = await seed();
    const { logger, lines } = capturedLogger();
    const config = testConfig(env(smtp));
    const service = createTestDistributions(config, logger);
    const store = service.stores.distributions;
    try {
      await recordSendRequest(store, id, 'Test Aktør');
      await service.sender.send(id, 'Test Aktør');
      await expect.poll(async () => (await store.getDistribution(id))!.deliveries[1]!.state, { timeout: 5000, interval: 50 }).toBe('sent');
      const d = (await store.getDistribution(id))!.deliveries;
      expect(d[1]).toMatchObject({ state: 'sent', attempts: 3 });
      expect(d[2]).toMatchObject({ state: 'failed', attempts: 1 });
      expect(d[2]!.lastError).toMatch(/afviste/);
      expect(tries.get(addressOf('Sara Sagsbehandler'))).toBe(1);
      expect(countBy(smtp.messages.map(recipientOf))[addressOf('Peter Psykiater')]).toBe(1);
      const audit = await service.stores.audit.list(id);
      expect(audit.filter((a) => a.name === 'Peter Psykiater').map((a) => a.action)).toEqual(['delivery-retry-scheduled', 'delivery-retry-scheduled', 'delivery-sent']);
      expect(containsCprLike(JSON.stringify(audit))).toBe(false);
      for (const line of lines) expect(containsCprLike(line), line).toBe(false);
    } finally {
      await service.close();
    }
  });
});
