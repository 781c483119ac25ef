/**
 * The warm pool: N LibreOffice workers behind one bounded FIFO queue.
 *
 * - A job waits at most queueTimeoutMs for a worker (then 503); a full queue answers 429.
 * - The conversion time limit starts when a worker takes the job (then 504, and the worker
 *   is killed with its process group and replaced).
 * - A worker that crashes is replaced, and its job retried once on another worker
 *   (conversions are pure, so a retry is safe).
 * - A worker past its memory bound or its number of conversions is recycled.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../../shared/errors.js';
import type { Config } from '../../shared/config.js';
import type { Logger } from '../../shared/logger.js';
import { PROJECT_ROOT } from '../../shared/paths.js';
import type { ConversionFailureCause, Metrics, WorkerRestartReason } from '../../metrics/metrics.js';
import { CONVERSION_DETAIL, PDF_EXPORT_FILTER_DATA, type ConvertOptions, type Converter } from '../converter.js';
import { bridgeScriptPath, DocumentError, PoolWorker, WorkerCrashError } from './pool-worker.js';
import { findProcessesByArg, killProcessGroups } from './find-processes.js';
import { buildSimpleDocx } from './warm-up-docx.js';
import { findJemalloc } from './find-jemalloc.js';

/** The conversion settings (see src/shared/config.ts), with the logger and metrics to report to. */
export type PoolOptions = Omit<Config['conversion'], 'kind'> & { logger: Logger; metrics?: Metrics };

interface Job {
  docx: Buffer;
  resolve: (pdf: Buffer) => void;
  reject: (err: Error) => void;
  enqueuedAt: number;
  attempts: number;
  settled: boolean;
  queueTimer?: NodeJS.Timeout;
  cleanup: () => void;
}

interface Slot {
  index: number;
  worker: PoolWorker | undefined;
  state: 'starting' | 'idle' | 'busy' | 'down';
  conversions: number;
  generation: number;
  startFailures: number;
}

export interface LibreOfficePool extends Converter {
  /** The pool's directory: every soffice.bin of this pool has it on its command line. */
  readonly rootDir: string;
  /** The soffice.bin pids of the running workers (for tests and diagnostics). */
  workerPids(): number[];
  stats(): { queued: number; idle: number; busy: number; starting: number };
}

/** soffice.bin itself when it sits next to the wrapper: the pool handles exit code 81. */
function resolveSofficeBin(sofficePath: string): string {
  const bin = `${sofficePath}.bin`;
  return !sofficePath.endsWith('.bin') && existsSync(bin) ? bin : sofficePath;
}

export function createLibreOfficePool(opts: PoolOptions): LibreOfficePool {
  const log = opts.logger.child({ component: 'conversion-pool' });
  const metrics = opts.metrics;
  const sofficeBin = resolveSofficeBin(opts.sofficePath);
  const bridgeScript = bridgeScriptPath(PROJECT_ROOT);
  const preload = opts.allocator === 'jemalloc' ? findJemalloc() : undefined;
  /** Bound on starting one worker, warm-up included. */
  const startTimeoutMs = Math.max(60_000, opts.timeoutMs);
  const workDir = opts.workDir ?? os.tmpdir();
  mkdirSync(workDir, { recursive: true });
  const rootDir = mkdtempSync(path.join(workDir, 'indsatsplan-pool-'));
  const tag = path.basename(rootDir).slice(-6);
  const slots: Slot[] = Array.from({ length: opts.workers }, (_, index) => ({ index, worker: undefined, state: 'down', conversions: 0, generation: 0, startFailures: 0 }));
  const queue: Job[] = [];
  let ready = false;
  let closed = false;
  let jobCounter = 0;
  /** Moving average of conversion time, for Retry-After. */
  let avgConversionMs = 1000;

  const fail = (cause: ConversionFailureCause) => metrics?.conversionFailures.inc({ converter: 'pool', cause });
  const updateQueueGauge = () => metrics?.conversionQueueLength.set(queue.length);
  const retryAfterSeconds = () => Math.max(1, Math.ceil(((queue.length + 1) * avgConversionMs) / opts.workers / 1000));

  const slotDir = (slot: Slot) => path.join(rootDir, `w${slot.index}`);

  /** Starts (or restarts) the slot's worker and warms it with one conversion. */
  async function startSlot(slot: Slot): Promise<void> {
    slot.state = 'starting';
    slot.generation++;
    slot.conversions = 0;
    const dir = slotDir(slot);
    const worker = new PoolWorker({
      python: opts.unoPython,
      officePreload: preload,
      bridgeScript,
      sofficeBin,
      profileDir: path.join(dir, 'profile'),
      tmpDir: path.join(dir, 'tmp'),
      // Short: the socket path (/tmp/OSL_PIPE_<uid>_<name>) must stay under 108 bytes.
      pipeName: `indsatsplan_${process.pid}_${tag}_${slot.index}_${slot.generation}`,
      startTimeoutMs,
      logger: log,
    });
    slot.worker = worker;
    try {
      await worker.start();
      await convertOn(slot, worker, buildSimpleDocx(), startTimeoutMs);
    } catch (err) {
      await worker.kill();
      throw err;
    }
    if (closed) {
      await worker.kill();
      return;
    }
    worker.onDeath = (why) => {
      log.warn({ worker: slot.index, why }, 'LibreOffice worker died');
      void replace(slot, 'crash');
    };
    slot.startFailures = 0;
    slot.state = 'idle';
    log.info({ worker: slot.index, pid: worker.officePid, generation: slot.generation }, 'LibreOffice worker ready');
  }

  /** Kills the slot's worker (whole process group) and starts a new one, with back-off on failure. */
  async function replace(slot: Slot, reason: WorkerRestartReason): Promise<void> {
    if (slot.state === 'down' || slot.state === 'starting') return;
    slot.state = 'down';
    metrics?.workerRestarts.inc({ reason });
    log.info({ worker: slot.index, reason }, 'replacing LibreOffice worker');
    await slot.worker?.kill();
    await startWithRetry(slot);
  }

  async function startWithRetry(slot: Slot): Promise<void> {
    while (!closed) {
      try {
        await startSlot(slot);
        dispatch();
        return;
      } catch (err) {
        slot.state = 'down';
        slot.startFailures++;
        if (closed) return;
        metrics?.workerRestarts.inc({ reason: 'start-failed' });
        log.error({ worker: slot.index, err, failures: slot.startFailures }, 'LibreOffice worker failed to start');
        // A profile left half-written by a kill can keep LibreOffice from starting: begin afresh.
        if (slot.startFailures >= 2) rmSync(path.join(slotDir(slot), 'profile'), { recursive: true, force: true });
        await new Promise((r) => setTimeout(r, Math.min(30_000, 500 * 2 ** slot.startFailures)));
      }
    }
  }

  /** One conversion on one worker, with files in the worker's own temp dir. */
  async function convertOn(slot: Slot, worker: PoolWorker, docx: Buffer, timeoutMs: number, onTimeout?: () => void): Promise<Buffer> {
    const n = ++jobCounter;
    const tmp = path.join(slotDir(slot), 'tmp');
    const input = path.join(tmp, `job-${n}.docx`);
    const output = path.join(tmp, `job-${n}.pdf`);
    writeFileSync(input, docx);
    let timer: NodeJS.Timeout | undefined;
    try {
      const timedOut = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          onTimeout?.();
          reject(new AppError('conversion-timeout', CONVERSION_DETAIL.timeout));
        }, timeoutMs);
      });
      await Promise.race([worker.convert(input, output, PDF_EXPORT_FILTER_DATA), timedOut]);
      return readFileSync(output);
    } finally {
      clearTimeout(timer);
      for (const f of [input, output]) {
        try {
          unlinkSync(f);
        } catch {
          // not written, or removed with the worker's temp dir
        }
      }
    }
  }

  function dispatch(): void {
    for (;;) {
      const slot = slots.find((s) => s.state === 'idle');
      const job = queue.shift();
      if (!job) break;
      if (!slot) {
        queue.unshift(job);
        break;
      }
      clearTimeout(job.queueTimer);
      void run(slot, job);
    }
    updateQueueGauge();
  }

  async function run(slot: Slot, job: Job): Promise<void> {
    const worker = slot.worker!;
    slot.state = 'busy';
    job.attempts++;
    metrics?.conversionQueueWait.observe((Date.now() - job.enqueuedAt) / 1000);
    const started = Date.now();
    const endTimer = metrics?.conversionDuration.startTimer({ converter: 'pool' });
    try {
      const pdf = await convertOn(slot, worker, job.docx, opts.timeoutMs, () => void replace(slot, 'timeout'));
      endTimer?.();
      avgConversionMs = avgConversionMs * 0.8 + (Date.now() - started) * 0.2;
      metrics?.conversions.inc({ converter: 'pool' });
      settle(job, pdf);
    } catch (err) {
      if (err instanceof AppError && err.code === 'conversion-timeout') {
        log.warn({ worker: slot.index, ms: opts.timeoutMs }, 'conversion exceeded its time limit; worker killed');
        fail('timeout');
        settle(job, err);
      } else if (err instanceof WorkerCrashError) {
        if (slot.state === 'busy') void replace(slot, 'crash');
        if (job.attempts < 2 && !job.settled && !closed) {
          log.warn({ worker: slot.index }, 'LibreOffice crashed during a conversion; retrying on another worker');
          enqueue(job, true); // the retry goes first
        } else {
          fail('crash');
          settle(job, new AppError('conversion-failed', CONVERSION_DETAIL.failed, { cause: err }));
        }
      } else if (err instanceof DocumentError) {
        fail('failed');
        settle(job, new AppError('conversion-failed', CONVERSION_DETAIL.failed, { cause: err }));
      } else {
        fail('failed');
        settle(job, new AppError('conversion-failed', CONVERSION_DETAIL.failed, { cause: err }));
      }
    }
    if (slot.state === 'busy' && slot.worker === worker) {
      slot.conversions++;
      const rss = worker.rssMb();
      if (rss !== undefined && rss > opts.workerMaxRssMb) {
        log.info({ worker: slot.index, rssMb: Math.round(rss) }, 'LibreOffice worker past its memory bound; recycling');
        void replace(slot, 'memory');
      } else if (slot.conversions >= opts.maxPerWorker) {
        void replace(slot, 'recycle');
      } else {
        slot.state = 'idle';
      }
    }
    dispatch();
  }

  function settle(job: Job, result: Buffer | Error): void {
    if (job.settled) return;
    job.settled = true;
    clearTimeout(job.queueTimer);
    job.cleanup();
    if (Buffer.isBuffer(result)) job.resolve(result);
    else job.reject(result);
  }

  /** Queues a job with its own bound on the wait (a retried job gets a fresh one, at the front). */
  function enqueue(job: Job, front = false): void {
    clearTimeout(job.queueTimer);
    job.queueTimer = setTimeout(() => {
      removeFromQueue(job);
      fail('queue-timeout');
      settle(job, new AppError('conversion-queue-timeout', CONVERSION_DETAIL.queueTimeout, { retryAfter: retryAfterSeconds() }));
    }, opts.queueTimeoutMs);
    if (front) queue.unshift(job);
    else queue.push(job);
    dispatch();
  }

  function removeFromQueue(job: Job): void {
    const i = queue.indexOf(job);
    if (i >= 0) queue.splice(i, 1);
    updateQueueGauge();
  }

  return {
    kind: 'pool',
    rootDir,
    async start() {
      if (opts.allocator === 'jemalloc' && !preload) log.warn('jemalloc not found (Debian: libjemalloc2); LibreOffice runs on the system allocator');
      log.info({ workers: opts.workers, soffice: sofficeBin, python: opts.unoPython, allocator: preload ? 'jemalloc' : 'system' }, 'starting LibreOffice workers');
      const results = await Promise.allSettled(slots.map((slot) => startSlot(slot)));
      const failed = results.filter((r) => r.status === 'rejected');
      if (failed.length === slots.length) {
        await this.close();
        throw (failed[0] as PromiseRejectedResult).reason;
      }
      // The pool is usable with the workers that started; the others keep trying.
      slots.forEach((slot, i) => {
        if (results[i]?.status === 'rejected') void startWithRetry(slot);
      });
      ready = !closed;
      dispatch();
    },
    isReady: () => ready && !closed,
    docxToPdf(docx: Buffer, options: ConvertOptions = {}): Promise<Buffer> {
      if (!ready || closed) return Promise.reject(new AppError('conversion-unavailable', closed ? CONVERSION_DETAIL.stopping : CONVERSION_DETAIL.starting, { retryAfter: 5 }));
      const { signal } = options;
      if (signal?.aborted) {
        fail('aborted');
        return Promise.reject(new AppError('conversion-failed', CONVERSION_DETAIL.aborted));
      }
      const hasIdle = slots.some((s) => s.state === 'idle');
      if (!hasIdle && queue.length >= opts.queueMax) {
        fail('queue-full');
        return Promise.reject(
          new AppError('conversion-queue-full', CONVERSION_DETAIL.queueFull, { retryAfter: retryAfterSeconds() }),
        );
      }
      return new Promise<Buffer>((resolve, reject) => {
        const onAbort = () => {
          removeFromQueue(job);
          if (!job.settled) fail('aborted');
          settle(job, new AppError('conversion-failed', CONVERSION_DETAIL.aborted));
        };
        const job: Job = {
          docx,
          resolve,
          reject,
          enqueuedAt: Date.now(),
          attempts: 0,
          settled: false,
          cleanup: () => signal?.removeEventListener('abort', onAbort),
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        enqueue(job);
      });
    },
    async close() {
      closed = true;
      ready = false;
      for (const job of queue.splice(0)) settle(job, new AppError('conversion-unavailable', CONVERSION_DETAIL.stopping));
      updateQueueGauge();
      await Promise.all(slots.map(async (slot) => {
        slot.state = 'down';
        await slot.worker?.kill();
      }));
      killProcessGroups(findProcessesByArg(rootDir));
      rmSync(rootDir, { recursive: true, force: true });
    },
    workerPids: () => slots.flatMap((s) => (s.worker && !s.worker.dead && s.worker.officePid ? [s.worker.officePid] : [])),
    stats: () => ({
      queued: queue.length,
      idle: slots.filter((s) => s.state === 'idle').length,
      busy: slots.filter((s) => s.state === 'busy').length,
      starting: slots.filter((s) => s.state === 'starting' || s.state === 'down').length,
    }),
  };
}
