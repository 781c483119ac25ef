/**
 * A restart sends nothing that nobody asked to send: the real service prepares a
 * distribution over HTTP (LibreOffice makes the PDF), is stopped, and a new service
 * process starts on the same SQLite file and outbox folders. Only the distribution whose
 * send was requested is resumed; the prepared one stays as it was.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startServiceProcess, type ServiceProcess } from './helpers/service-process.js';
import { outboxFiles as listOutboxFiles, seedRequestedDistribution } from './helpers/distribution.js';
import type { Stores } from '../src/storage/stores.js';
import { withSqliteStores } from './helpers/sqlite-file.js';
import { containsCprLike } from '../src/shared/redact.js';
import type { DistributionView } from '../src/distribution/distribution-view.js';
import type { PlanInput } from '../src/plan/schema.js';

/** Two service starts and a LibreOffice conversion: minutes, not seconds, under the whole suite's load on 2 cores. */
const SLOW_TEST_MS = 300_000;

const minimal = JSON.parse(readFileSync(new URL('../fixtures/minimal.json', import.meta.url), 'utf8')) as PlanInput;

let dir: string;
const services: ServiceProcess[] = [];
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'dist-restart-'));
});
afterEach(async () => {
  for (const s of services.splice(0)) {
    await s.stop('SIGKILL');
    for (const line of s.logs) expect(containsCprLike(JSON.stringify(line))).toBe(false);
  }
  rmSync(dir, { recursive: true, force: true });
});

async function start(): Promise<ServiceProcess> {
  // The per-call converter: one LibreOffice for the one PDF, no warm pool to wait for.
  const s = await startServiceProcess({ DATA_DIR: dir, CONVERTER: 'per-call', CONVERSION_WORKERS: '1', LOG_LEVEL: 'info' });
  services.push(s);
  return s;
}

const outboxFiles = () => listOutboxFiles(path.join(dir, 'outbox'));

const withStores = <T>(fn: (stores: Stores) => Promise<T>) => withSqliteStores(path.join(dir, 'indsatsplan.db'), fn);

describe('a restart of the service', () => {
  it('sends nothing of a distribution that was only prepared, and resumes the one whose send was requested', async () => {
    const first = await start();
    const res = await fetch(`${first.baseUrl}/api/distributions`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Actor': 'Anne Koordinator (akoo)' },
      body: JSON.stringify({ plan: minimal }),
    });
    expect(res.status).toBe(201);
    const prepared = (await res.json()) as DistributionView;
    expect(prepared).toMatchObject({ state: 'prepared', stateLabel: 'Forberedt, ikke sendt', sendRequestedAt: null });
    expect(prepared.recipients.map((r) => r.state)).toEqual(['pending', 'pending', 'pending']);
    await first.stop('SIGTERM');

    // As if a send request had been recorded just before the process went down.
    const requested = await withStores((stores) => seedRequestedDistribution(stores.distributions, [{ role: 'participant', name: 'Bo Bostøtte', channel: 'secure-email' }]));

    const second = await start();
    const resumed = await second.waitForLog('distributions resumed');
    expect(resumed.distributions).toBe(1);
    await second.stop('SIGTERM');

    // Only the requested distribution's message went out; the prepared one's recipients got nothing.
    expect(outboxFiles()).toEqual([`mail/${requested.deliveryIds[0]}.eml`]);
    await withStores(async ({ distributions, audit }) => {
      const d = (await distributions.getDistribution(prepared.id))!;
      expect(d.sendRequestedAt).toBeNull();
      expect(d.deliveries.map((x) => [x.state, x.attempts])).toEqual([
        ['pending', 0],
        ['pending', 0],
        ['pending', 0],
      ]);
      expect(await distributions.getDocument(prepared.id, 'plan-pdf')).toBeDefined(); // still there to be sent when someone asks
      expect((await audit.list(prepared.id)).map((a) => a.action)).toEqual(['distribution-prepared', 'recipient-listed', 'recipient-listed', 'recipient-listed']);
      expect((await distributions.getDistribution(requested.id))!.deliveries.map((x) => x.state)).toEqual(['sent']);
    });
  }, SLOW_TEST_MS);
});
