/**
 * The warm LibreOffice pool with the real LibreOffice, through HTTP: parallel load, a
 * worker killed mid-conversion, a document past the time limit, a full queue, and no
 * soffice.bin left behind. Only processes under this test's own work dir are counted:
 * other LibreOffice instances may run on the machine.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import express, { type Express } from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, testConfig } from './helpers/app.js';
import { binaryParser } from './helpers/binary.js';
import { pdfInfo, pdfText, squash } from './helpers/pdf.js';
import { PROJECT_ROOT } from '../src/shared/paths.js';
import { createLogger } from '../src/shared/logger.js';
import { createErrorHandler } from '../src/http/error-handler.js';
import { createMetrics, type Metrics } from '../src/metrics/metrics.js';
import { createLibreOfficePool, type LibreOfficePool } from '../src/conversion/pool/libreoffice-pool.js';
import { buildSimpleDocx } from '../src/conversion/pool/warm-up-docx.js';
import { CONVERSION_DETAIL } from '../src/conversion/converter.js';
import { findProcessesByArg } from '../src/conversion/pool/find-processes.js';
import { PoolWorker } from '../src/conversion/pool/pool-worker.js';

const WORKERS = 2;
const QUEUE_MAX = 2;
const TIMEOUT_MS = 6000;

/**
 * A plain document of n paragraphs. Past the time limit takes 150,000: on a fast machine
 * (2026-12-03, `soffice --convert-to pdf`, less its 0.8 s start-up) 60,000 took 6.8 s, barely past
 * TIMEOUT_MS, and once finished inside it; 150,000 took 19.5 s.
 */
const heavyDocx = (n: number) =>
  buildSimpleDocx(Array.from({ length: n }, (_, i) => `Afsnit ${i}: en længere tekst om borgerens mål, indsatser og aftaler.`));

/** The OSL pipe files (unix sockets) a process listens on, from /proc. */
function osPipesOf(pid: number): string[] {
  const inodes = new Set<string>();
  for (const fd of fs.readdirSync(`/proc/${pid}/fd`)) {
    const link = (() => {
      try {
        return fs.readlinkSync(`/proc/${pid}/fd/${fd}`);
      } catch {
        return '';
      }
    })();
    const m = /^socket:\[(\d+)\]$/.exec(link);
    if (m) inodes.add(m[1]!);
  }
  return fs
    .readFileSync('/proc/net/unix', 'utf8')
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter((cols) => cols.length >= 8 && inodes.has(cols[6]!) && cols[7]!.includes('OSL_PIPE'))
    .map((cols) => cols[7]!);
}

const plan = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'fixtures', 'minimal.json'), 'utf8')) as object;

describe('LibreOffice pool', () => {
  let workDir: string;
  let pool: LibreOfficePool;
  let metrics: Metrics;
  let app: Express;
  let close: () => Promise<void>;
  let readyBeforeStart: request.Response;
  let allocator: string;
  const ours = () => findProcessesByArg(workDir).sort();

  beforeAll(async () => {
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'conversion-pool-test-'));
    const config = testConfig({
      CONVERSION_WORKERS: String(WORKERS),
      CONVERSION_QUEUE_MAX: String(QUEUE_MAX),
      CONVERSION_TIMEOUT_MS: String(TIMEOUT_MS),
      CONVERSION_QUEUE_TIMEOUT_MS: '30000',
      CONVERSION_WORK_DIR: workDir,
    });
    metrics = createMetrics({ defaultMetrics: false });
    const c = config.conversion;
    allocator = c.allocator;
    pool = createLibreOfficePool({ ...c, logger: createLogger('silent'), metrics });
    const t = await createTestApp({ config, converter: pool, metrics });
    close = t.close;
    // A raw .docx route beside the real app, so a test can send any document through
    // the real error handler (the plan routes only take plans).
    app = express();
    app.post('/test/convert', express.raw({ type: '*/*', limit: '50mb' }), async (req, res) => {
      const pdf = await pool.docxToPdf(req.body as Buffer);
      res.type('application/pdf').send(pdf);
    });
    app.use(t.app);
    app.use(createErrorHandler(createLogger('silent')));
    readyBeforeStart = await request(app).get('/readyz');
    await pool.start();
  });

  afterAll(async () => {
    await close?.();
    await pool?.close();
    if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
  });

  const convertRaw = (docx: Buffer) =>
    request(app).post('/test/convert').set('Content-Type', 'application/octet-stream').send(docx).buffer(true).parse(binaryParser);

  it('says 503 on /readyz until every worker is warm, then 200', async () => {
    expect(readyBeforeStart.status).toBe(503);
    expect(readyBeforeStart.body).toMatchObject({ status: 'starting', converter: 'pool' });
    const after = await request(app).get('/readyz');
    expect(after.status).toBe(200);
    expect(after.body).toMatchObject({ status: 'ready', converter: 'pool' });
    expect(pool.workerPids()).toHaveLength(WORKERS);
    expect(ours()).toEqual([...pool.workerPids()].sort());
  });

  it('runs LibreOffice, and only LibreOffice, on jemalloc by default', () => {
    expect(allocator).toBe('jemalloc');
    const mapsJemalloc = (pid: number) => fs.readFileSync(`/proc/${pid}/maps`, 'utf8').includes('libjemalloc');
    for (const pid of pool.workerPids()) expect(mapsJemalloc(pid)).toBe(true);
    const bridges = findProcessesByArg(workDir, 'python3');
    expect(bridges).toHaveLength(WORKERS);
    for (const pid of bridges) expect(mapsJemalloc(pid)).toBe(false);
  });

  it("starts each LibreOffice on a profile without word completion, status bar or toolbars (work a PDF never shows)", () => {
    const profiles = fs
      .readdirSync(workDir, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith(path.join('profile', 'user', 'registrymodifications.xcu')));
    expect(profiles).toHaveLength(WORKERS);
    for (const f of profiles) {
      const xcu = fs.readFileSync(path.join(workDir, f), 'utf8');
      // LibreOffice rewrites the file in its own form (a node's every property) and keeps the values.
      expect(xcu).toMatch(/AutoFunction\/Completion"><prop oor:name="Enable" oor:op="fuse"><value>false<\/value>/);
      expect(xcu).toMatch(/statusbar\/statusbar" oor:op="replace">(?:(?!<\/node>).)*oor:name="Visible" oor:op="fuse"><value>false</s);
      expect(xcu).toMatch(/toolbar\/standardbar" oor:op="replace">(?:(?!<\/node>).)*oor:name="Visible" oor:op="fuse"><value>false</s);
    }
  });

  it('answers more parallel requests than it has workers, each a tagged PDF/A-2b', async () => {
    const n = WORKERS + QUEUE_MAX; // fills every worker and the queue, never past it
    const responses = await Promise.all(Array.from({ length: n }, () => request(app).post('/api/plans/pdf').send(plan).buffer(true).parse(binaryParser)));
    for (const res of responses) {
      expect(res.status, String(res.body)).toBe(200);
      expect(res.headers['content-type']).toBe('application/pdf');
      const info = pdfInfo(res.body as Buffer);
      expect(info.tagged).toBe(true);
      expect(info.pdfaPart).toBe('2');
      expect(info.pdfaConformance).toBe('B');
    }
    expect(squash(pdfText(responses[0]!.body as Buffer))).toContain('Anne Koordinator');
  });

  it("writes the documents it converts (the plan's data) to memory, /dev/shm, and never to the work dir", async () => {
    // The machine's /dev/shm is memory (tmpfs) with room: where the pool puts documents unless told otherwise.
    expect(fs.statfsSync('/dev/shm').type).toBe(0x01021994);
    expect(pool.documentRoot).toMatch(new RegExp(`^/dev/shm/indsatsplan-pool-${process.pid}-`));
    const tmps = fs.readdirSync(pool.documentRoot).map((w) => path.join(pool.documentRoot, w, 'tmp'));
    expect(tmps).toHaveLength(WORKERS);
    // Each LibreOffice writes its own temp files there too.
    const tmpDirOf = (pid: number) => /(?:^|\0)TMPDIR=([^\0]*)/.exec(fs.readFileSync(`/proc/${pid}/environ`, 'utf8'))?.[1];
    expect(pool.workerPids().map(tmpDirOf).sort()).toEqual([...tmps].sort());
    // The work dir keeps the profiles only: no worker has a temp folder there.
    for (const w of fs.readdirSync(pool.rootDir)) expect(fs.readdirSync(path.join(pool.rootDir, w))).toEqual(['profile']);
    const seen: string[] = [];
    const watchers = tmps.map((dir) => fs.watch(dir, (_event, name) => name && seen.push(name)));
    try {
      const res = await request(app).post('/api/plans/pdf').send(plan).buffer(true).parse(binaryParser);
      expect(res.status).toBe(200);
      await new Promise((r) => setTimeout(r, 100));
    } finally {
      for (const w of watchers) w.close();
    }
    expect(seen).toEqual(expect.arrayContaining([expect.stringMatching(/^job-\d+\.(?:docx|odt)$/), expect.stringMatching(/^job-\d+\.pdf$/)]));
  });

  it("removes each conversion's .docx, .odt and PDF (the plan's data) once it has answered", async () => {
    // Each worker's temp folder (w0/tmp, w1/tmp…), where its documents are converted.
    const tmps = fs.readdirSync(pool.documentRoot).map((w) => path.join(pool.documentRoot, w, 'tmp')).filter((dir) => fs.existsSync(dir));
    expect(tmps).toHaveLength(WORKERS);
    const documents = () => tmps.flatMap((dir) => fs.readdirSync(dir).filter((f) => /\.(docx|odt|pdf)$/.test(f)));
    const res = await request(app).post('/api/plans/pdf').send(plan).buffer(true).parse(binaryParser);
    expect(res.status).toBe(200);
    // A template's ODT form is made, and filled ones are converted, the same way.
    const odt = await pool.docxToOdt(buildSimpleDocx(['Skabelonens ODT-form.']));
    expect(pdfText(await pool.toPdf({ format: 'odt', bytes: odt }))).toContain('Skabelonens ODT-form.');
    // Removed after the answer, not before it: give the file system a moment.
    for (let i = 0; i < 40 && documents().length; i++) await new Promise((r) => setTimeout(r, 50));
    expect(documents()).toEqual([]);
  });

  it('replaces a worker killed with SIGKILL mid-conversion and still answers its request', async () => {
    const before = pool.workerPids();
    const attempts = async () => (await metrics.conversionQueueWait.get()).values.find((v) => v.metricName?.endsWith('_count'))?.value ?? 0;
    const attemptsBefore = await attempts();
    const pending = Promise.all([convertRaw(heavyDocx(5000)), convertRaw(heavyDocx(5000))]);
    while (pool.stats().busy < WORKERS) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 300)); // well inside the conversion
    const victim = before[0]!;
    process.kill(victim, 'SIGKILL');
    const responses = await pending;
    for (const res of responses) {
      expect(res.status, String(res.body)).toBe(200);
      expect(pdfInfo(res.body as Buffer).pages).toBeGreaterThan(10);
    }
    // Two requests, three attempts: the one on the killed worker ran again.
    expect((await attempts()) - attemptsBefore).toBe(3);
    while (pool.stats().idle < WORKERS) await new Promise((r) => setTimeout(r, 50));
    expect(pool.workerPids()).not.toContain(victim);
    expect(pool.workerPids()).toHaveLength(WORKERS);
    expect(ours()).toEqual([...pool.workerPids()].sort());
    expect(await metrics.workerRestarts.get()).toMatchObject({ values: [expect.objectContaining({ labels: { reason: 'crash' }, value: 1 })] });
  });

  it('gives 504 for a document past the time limit, kills that worker, and keeps serving others', async () => {
    const timeouts = async () => (await metrics.workerRestarts.get()).values.find((v) => v.labels.reason === 'timeout')?.value ?? 0;
    const timeoutsBefore = await timeouts();
    const slow = convertRaw(heavyDocx(150_000)).then((r) => r); // supertest sends only once awaited
    while (pool.stats().busy < 1) await new Promise((r) => setTimeout(r, 20));
    const slowWorkers = pool.workerPids();
    const meanwhile = await request(app).post('/api/plans/pdf').send(plan).buffer(true).parse(binaryParser);
    expect(meanwhile.status).toBe(200);
    const res = await slow;
    expect(res.status).toBe(504);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(String(res.body))).toMatchObject({ type: '/problems/conversion-timeout', status: 504 });
    // The time limit ended it (not a crash or the queue), and its worker was killed and replaced.
    // No wall-clock bound here: on a loaded machine that belongs in the benchmark, not a test.
    expect((await timeouts()) - timeoutsBefore).toBe(1);
    while (pool.stats().idle < WORKERS) await new Promise((r) => setTimeout(r, 50));
    expect(pool.workerPids().filter((pid) => slowWorkers.includes(pid))).toHaveLength(WORKERS - 1);
    const after = await request(app).post('/api/plans/pdf').send(plan).buffer(true).parse(binaryParser);
    expect(after.status).toBe(200);
    expect(ours()).toEqual([...pool.workerPids()].sort());
  });

  it('answers 429 with Retry-After when every worker is busy and the queue is full', async () => {
    const docx = heavyDocx(3000);
    const responses = await Promise.all(Array.from({ length: WORKERS + QUEUE_MAX + 1 }, () => convertRaw(docx)));
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([...Array(WORKERS + QUEUE_MAX).fill(200), 429]);
    const full = responses.find((r) => r.status === 429)!;
    expect(Number(full.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(JSON.parse(String(full.body))).toMatchObject({ type: '/problems/conversion-queue-full', status: 429 });
  });

  it('answers 502 for bytes that are not a .docx, and the worker lives on', async () => {
    const pids = pool.workerPids();
    const res = await convertRaw(Buffer.from('PK\u0003\u0004 ikke et dokument'));
    expect(res.status).toBe(502);
    expect(JSON.parse(String(res.body))).toMatchObject({ type: '/problems/conversion-failed', status: 502 });
    expect(pool.workerPids()).toEqual(pids);
    expect((await convertRaw(buildSimpleDocx())).status).toBe(200);
  });

  it('shows the counters on /metrics in Prometheus text format', async () => {
    const res = await request(app).get('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    const text = res.text;
    const value = (re: RegExp) => Number(re.exec(text)?.[1] ?? NaN);
    expect(value(/^indsatsplan_conversions_total\{converter="pool"\} (\d+)$/m)).toBeGreaterThanOrEqual(10);
    expect(value(/^indsatsplan_conversion_failures_total\{converter="pool",cause="timeout"\} (\d+)$/m)).toBe(1);
    expect(value(/^indsatsplan_conversion_failures_total\{converter="pool",cause="queue-full"\} (\d+)$/m)).toBe(1);
    expect(value(/^indsatsplan_conversion_failures_total\{converter="pool",cause="failed"\} (\d+)$/m)).toBe(1);
    expect(value(/^indsatsplan_conversion_worker_restarts_total\{reason="crash"\} (\d+)$/m)).toBe(1);
    expect(value(/^indsatsplan_conversion_worker_restarts_total\{reason="timeout"\} (\d+)$/m)).toBe(1);
    expect(value(/^indsatsplan_conversion_queue_length (\d+)$/m)).toBe(0);
    expect(value(/^indsatsplan_conversion_duration_seconds_count\{converter="pool"\} (\d+)$/m)).toBeGreaterThanOrEqual(10);
    expect(value(/^indsatsplan_http_request_duration_seconds_count\{method="POST",route="\/api\/plans\/pdf",status="200"\} (\d+)$/m)).toBeGreaterThanOrEqual(6);
  });

  it('leaves no soffice.bin, pipe or temp file behind when closed', async () => {
    // The pipe files the workers listen on: their accept pipe and LibreOffice's own IPC pipe.
    const pipes = ours().flatMap(osPipesOf);
    expect(pipes.length).toBeGreaterThanOrEqual(2 * WORKERS);
    expect(pipes.every((p) => fs.existsSync(p))).toBe(true);
    await pool.close();
    expect(pool.isReady()).toBe(false);
    expect(ours()).toEqual([]);
    expect(pipes.filter((p) => fs.existsSync(p))).toEqual([]);
    expect(fs.existsSync(pool.rootDir)).toBe(false);
    expect(fs.existsSync(pool.documentRoot)).toBe(false);
    await expect(pool.docxToPdf(buildSimpleDocx())).rejects.toMatchObject({ code: 'conversion-unavailable', detail: CONVERSION_DETAIL.stopping });
  });
});

describe('LibreOffice pool: recycling and aborted requests', () => {
  let workDir: string;
  const pools: LibreOfficePool[] = [];
  const makePool = (env: Record<string, string>, metrics: Metrics, options: { abortGraceMs?: number } = {}) => {
    const c = testConfig({ CONVERSION_WORK_DIR: workDir, CONVERSION_WORKERS: '1', CONVERSION_TIMEOUT_MS: '30000', CONVERSION_QUEUE_MAX: '4', ...env }).conversion;
    const pool = createLibreOfficePool({ ...c, logger: createLogger('silent'), metrics, ...options });
    pools.push(pool);
    return pool;
  };
  const restarts = async (metrics: Metrics) => Object.fromEntries((await metrics.workerRestarts.get()).values.map((v) => [v.labels.reason, v.value]));
  const waitIdle = async (pool: LibreOfficePool) => {
    while (pool.stats().idle < 1) await new Promise((r) => setTimeout(r, 50));
  };

  beforeAll(() => {
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'conversion-pool-recycle-test-'));
  });
  afterAll(async () => {
    for (const pool of pools) await pool.close();
    expect(findProcessesByArg(workDir)).toEqual([]);
    fs.rmSync(workDir, { recursive: true, force: true });
  });

  it('runs LibreOffice on the system allocator when so configured', async () => {
    const pool = makePool({ LIBREOFFICE_ALLOCATOR: 'system' }, createMetrics({ defaultMetrics: false }));
    await pool.start();
    const [pid] = pool.workerPids();
    expect(fs.readFileSync(`/proc/${pid}/maps`, 'utf8')).not.toContain('libjemalloc');
    expect(fs.readFileSync(`/proc/${pid}/maps`, 'utf8')).toContain('libmergedlo');
    await pool.close();
  });

  it('recycles a worker after maxPerWorker conversions', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    const pool = makePool({ CONVERSION_MAX_PER_WORKER: '2' }, metrics);
    await pool.start();
    const [first] = pool.workerPids();
    await pool.docxToPdf(buildSimpleDocx());
    expect(await restarts(metrics)).toEqual({});
    await pool.docxToPdf(buildSimpleDocx());
    await waitIdle(pool);
    expect(await restarts(metrics)).toEqual({ recycle: 1 });
    expect(pool.workerPids()).toHaveLength(1);
    expect(pool.workerPids()).not.toContain(first);
    expect(findProcessesByArg(pool.rootDir)).toEqual(pool.workerPids());
  });

  it('replaces a worker whose soffice.bin grew past its memory bound', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    const pool = makePool({ CONVERSION_WORKER_MAX_RSS_MB: '64' }, metrics); // the least allowed; any real soffice.bin is larger
    await pool.start();
    const [first] = pool.workerPids();
    const pdf = await pool.docxToPdf(buildSimpleDocx());
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    await waitIdle(pool);
    expect(await restarts(metrics)).toEqual({ memory: 1 });
    expect(pool.workerPids()).not.toContain(first);
    expect(findProcessesByArg(pool.rootDir)).toEqual(pool.workerPids());
  });

  it("answers before it reads the worker's memory and removes the job's files, unless another job waits for the worker", async () => {
    const pool = makePool({}, createMetrics({ defaultMetrics: false }));
    await pool.start();
    await waitIdle(pool);
    // The one worker's temp folder, where its documents are converted.
    const tmps = fs.readdirSync(pool.documentRoot).map((w) => path.join(pool.documentRoot, w, 'tmp')).filter((dir) => fs.existsSync(dir));
    expect(tmps).toHaveLength(1);
    const tmp = tmps[0]!;
    const jobFiles = () => fs.readdirSync(tmp).filter((f) => /^job-\d+\.(docx|pdf)$/.test(f)).sort();
    const events: string[] = [];
    const rss = vi.spyOn(PoolWorker.prototype, 'rssMb').mockImplementation(function () {
      events.push('memory read');
      return undefined;
    });
    const originalConvert = PoolWorker.prototype.convert;
    const convert = vi.spyOn(PoolWorker.prototype, 'convert').mockImplementation(function (this: PoolWorker, ...args) {
      events.push(`start ${path.basename(args[0])}`);
      return originalConvert.apply(this, args);
    });
    try {
      // Nothing waits: the answer first, the housekeeping after it.
      let filesAtAnswer: string[] = [];
      await pool.docxToPdf(buildSimpleDocx(['Alene.'])).then(() => {
        events.push('answer');
        filesAtAnswer = jobFiles();
      });
      await waitIdle(pool);
      expect(events.map((e) => e.replace(/job-\d+/, 'job'))).toEqual(['start job.docx', 'answer', 'memory read']);
      expect(filesAtAnswer).toEqual([expect.stringMatching(/\.docx$/), expect.stringMatching(/\.pdf$/)]);
      for (let i = 0; i < 40 && jobFiles().length; i++) await new Promise((r) => setTimeout(r, 50));
      expect(jobFiles()).toEqual([]);

      // A second job waits for the one worker: it starts before the first job's answer is given.
      events.length = 0;
      const first = pool.docxToPdf(buildSimpleDocx(['Først.'])).then(() => void events.push('answer 1'));
      const second = pool.docxToPdf(buildSimpleDocx(['Dernæst.'])).then(() => void events.push('answer 2'));
      await Promise.all([first, second]);
      await waitIdle(pool);
      expect(events.map((e) => e.replace(/job-\d+/, 'job'))).toEqual(['start job.docx', 'memory read', 'start job.docx', 'answer 1', 'answer 2', 'memory read']);
    } finally {
      rss.mockRestore();
      convert.mockRestore();
    }
  });

  it('lets a conversion whose client has gone end within its grace, on the same worker', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    // A grace no conversion here outlasts, however loaded the machine: the policy, not the figure.
    const pool = makePool({}, metrics, { abortGraceMs: 60_000 });
    await pool.start();
    const before = pool.workerPids();
    const controller = new AbortController();
    const conversion = pool.docxToPdf(buildSimpleDocx(['Forladt.']), { signal: controller.signal });
    expect(pool.stats()).toMatchObject({ busy: 1, queued: 0 });
    controller.abort();
    expect((await conversion).subarray(0, 5).toString()).toBe('%PDF-');
    await waitIdle(pool);
    expect(await restarts(metrics)).toEqual({});
    expect((await metrics.conversionFailures.get()).values).toEqual([]);
    expect(pool.workerPids()).toEqual(before);
  });

  it('takes an aborted request out of the queue at once', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    const pool = makePool({}, metrics);
    await pool.start();
    const busy = pool.docxToPdf(heavyDocx(3000));
    const controller = new AbortController();
    const waiting = pool.docxToPdf(buildSimpleDocx(), { signal: controller.signal });
    expect(pool.stats()).toMatchObject({ busy: 1, queued: 1 });
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ code: 'conversion-failed' });
    expect(pool.stats().queued).toBe(0);
    expect(await metrics.conversionQueueLength.get()).toMatchObject({ values: [expect.objectContaining({ value: 0 })] });
    await busy;
    const failures = (await metrics.conversionFailures.get()).values.map((v) => [v.labels.cause, v.value]);
    expect(failures).toEqual([['aborted', 1]]);
  });
});
