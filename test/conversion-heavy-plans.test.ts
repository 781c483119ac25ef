/**
 * No plan starves the others: two of the heaviest plans the text limits allow hold both
 * LibreOffice workers; their clients hang up; a normal plan sent right after gets its PDF
 * from a replaced worker, without waiting for the abandoned conversions, which are stopped
 * and never finish (counted on /metrics). Through real HTTP on loopback, with the real pool.
 * How long it takes is printed, not asserted: it is a worker's start-up, which a busy
 * machine stretches (the figures are in the README).
 *
 * The pool's grace for an abandoned conversion is ABORT_GRACE_MS (1 s), about what the heaviest
 * plan takes on a quick, quiet machine (1.0 s here on 2026-12-03): with it the heavy plans could
 * end before their grace did, and the test then failed on a fast machine. Here the grace is GRACE_MS,
 * which the heavy plan must outlast several times over (checked); the grace itself, a conversion
 * let end, is tested in conversion-pool.test.ts.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, testConfig } from './helpers/app.js';
import { binaryParser } from './helpers/binary.js';
import { pdfInfo } from './helpers/pdf.js';
import { createLogger } from '../src/shared/logger.js';
import { createMetrics } from '../src/metrics/metrics.js';
import { TEXT_LIMITS } from '../src/shared/text-limits.js';
import { createLibreOfficePool, type LibreOfficePool } from '../src/conversion/pool/libreoffice-pool.js';
import { findProcessesByArg } from '../src/conversion/pool/find-processes.js';
import { buildHeaviestPlan, loadBilag2 } from '../bench/lib/plans.js';

const WORKERS = 2;
const GRACE_MS = 100;

describe('two heavy plans whose clients hang up', () => {
  let workDir: string;
  let pool: LibreOfficePool;
  let server: http.Server;
  let port: number;
  let close: () => Promise<void>;
  const metrics = createMetrics({ defaultMetrics: false });

  beforeAll(async () => {
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'conversion-heavy-test-'));
    const config = testConfig({ CONVERSION_WORKERS: String(WORKERS), CONVERSION_TIMEOUT_MS: '300000', CONVERSION_QUEUE_TIMEOUT_MS: '300000', CONVERSION_WORK_DIR: workDir });
    pool = createLibreOfficePool({ ...config.conversion, logger: createLogger('silent'), metrics, abortGraceMs: GRACE_MS });
    await pool.start();
    const t = await createTestApp({ config, converter: pool, metrics });
    close = t.close;
    server = http.createServer(t.app).listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    await new Promise<void>((r) => server?.close(() => r()));
    await close?.();
    await pool?.close();
    expect(findProcessesByArg(workDir)).toEqual([]);
    fs.rmSync(workDir, { recursive: true, force: true });
  });

  const pdfOf = (plan: unknown) => request(server).post('/api/plans/pdf').send(plan as object).buffer(true).parse(binaryParser);

  /** Sends a plan for its PDF and returns a way to hang up. */
  const sendAndLeave = (plan: unknown) => {
    const body = JSON.stringify(plan);
    const req = http.request({ host: '127.0.0.1', port, path: '/api/plans/pdf', method: 'POST', headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } });
    req.on('error', () => undefined); // our own hang-up
    req.end(body);
    return () => req.destroy();
  };

  it('a normal plan then gets its PDF from a replaced worker; the abandoned conversions never finish', async () => {
    const heavy = buildHeaviestPlan('long-cells', TEXT_LIMITS);
    // What one heavy plan costs on this machine now: the yardstick, whatever the machine's load.
    const heavyStarted = performance.now();
    const alone = await pdfOf(heavy);
    const heavyMs = performance.now() - heavyStarted;
    expect(alone.status).toBe(200);
    expect(pdfInfo(alone.body as Buffer).pages).toBeGreaterThan(30);
    expect(heavyMs, 'the heavy plan must outlast the grace several times over: make GRACE_MS shorter').toBeGreaterThan(5 * GRACE_MS);
    while (pool.stats().idle < WORKERS) await new Promise((r) => setTimeout(r, 20));
    const workersBefore = pool.workerPids();
    const converted = async () => (await metrics.conversions.get()).values[0]?.value ?? 0;
    const convertedBefore = await converted();

    const hangUps = [sendAndLeave(heavy), sendAndLeave(heavy)];
    while (pool.stats().busy < WORKERS) await new Promise((r) => setTimeout(r, 20));
    for (const hangUp of hangUps) hangUp();

    const normalStarted = performance.now();
    const normal = await pdfOf(loadBilag2());
    const normalMs = performance.now() - normalStarted;
    console.log(`heavy plan alone: ${(heavyMs / 1000).toFixed(1)} s; normal plan after two abandoned heavy ones: ${(normalMs / 1000).toFixed(1)} s`);
    expect(normal.status).toBe(200);
    expect(pdfInfo(normal.body as Buffer).pages).toBe(8);
    // The heavy plans would have taken heavyMs more: they were stopped, so only the normal plan was converted.
    expect((await converted()) - convertedBefore).toBe(1);

    while (pool.stats().idle < WORKERS) await new Promise((r) => setTimeout(r, 50));
    expect(pool.workerPids().filter((pid) => workersBefore.includes(pid))).toEqual([]);
    expect(findProcessesByArg(workDir).sort()).toEqual([...pool.workerPids()].sort());
    const text = (await request(server).get('/metrics')).text;
    expect(text).toMatch(/^indsatsplan_conversion_worker_restarts_total\{reason="aborted"\} 2$/m);
    expect(text).toMatch(/^indsatsplan_conversion_failures_total\{converter="pool",cause="aborted"\} 2$/m);
  }, 300_000);
});
