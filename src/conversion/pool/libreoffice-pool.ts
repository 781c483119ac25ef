/**
 * The warm pool: N LibreOffice workers behind one bounded FIFO queue.
 *
 * - Jobs wait in the shared conversion queue (conversion-queue.ts): at most queueTimeoutMs
 *   (then 503), at most queueMax of them (then 429), and not after their client has gone.
 * - The conversion time limit starts when a worker takes the job (then 504, and the worker
 *   is killed with its process group and replaced).
 * - A conversion whose client has gone is stopped: its worker is killed and replaced, once
 *   the conversion has had ABORT_GRACE_MS (a restart costs more than a short conversion).
 * - A worker that crashes is replaced, and its job retried once on another worker
 *   (conversions are pure, so a retry is safe).
 * - A worker past its memory bound or its number of conversions is recycled.
 * - The answer goes out before the worker's housekeeping when no other job waits for it.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { unlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../../shared/errors.js';
import type { Config } from '../../shared/config.js';
import type { Logger } from '../../shared/logger.js';
import { PROJECT_ROOT } from '../../shared/paths.js';
import type { ConversionFailureCause, Metrics, WorkerRestartReason } from '../../metrics/metrics.js';
import { CONVERSION_DETAIL, type ConvertOptions, type Converter, type OfficeDocument } from '../converter.js';
import { createConversionQueue } from '../conversion-queue.js';
import { chooseDocumentDir, createWorkDir, removeStaleWorkDirs } from '../work-dir.js';
import { bridgeScriptPath, PoolWorker, WorkerCrashError, type Target } from './pool-worker.js';
import { findProcessesByArg, killProcessGroups } from './find-processes.js';
import { buildSimpleDocx } from './warm-up-docx.js';
import { findJemalloc } from './find-jemalloc.js';

/**
 * The conversion settings (see src/shared/config.ts), with the logger and metrics to report to;
 * `abortGraceMs` is ABORT_GRACE_MS unless a test needs the grace shorter or longer than the
 * conversions it runs.
 */
export type PoolOptions = Omit<Config['conversion'], 'kind'> & { logger: Logger; metrics?: Metrics; abortGraceMs?: number };

interface Job {
  document: OfficeDocument;
  /** A PDF, or (deriving a template's ODT form) an .odt. */
  target: Target;
  signal: AbortSignal | undefined;
  resolve: (pdf: Buffer) => void;
  reject: (err: Error) => void;
  attempts: number;
  settled: boolean;
}

/**
 * How long a conversion whose client has gone may still run before its worker is killed:
 * replacing a worker costs LibreOffice some 4 s of CPU (bench/longest-plan.ts), far more
 * than most plans take, so a conversion about to end is let end.
 */
export const ABORT_GRACE_MS = 1000;

interface Slot {
  index: number;
  worker: PoolWorker | undefined;
  state: 'starting' | 'idle' | 'busy' | 'down';
  conversions: number;
  generation: number;
  startFailures: number;
  /** When the slot last became idle (performance.now()). */
  idleSince: number;
}

export interface LibreOfficePool extends Converter {
  /** The pool's directory: every soffice.bin of this pool has it on its command line. */
  readonly rootDir: string;
  /** Where its conversions' documents are written (in memory when it can be): rootDir, or a folder of its own. */
  readonly documentRoot: string;
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
  const abortGraceMs = opts.abortGraceMs ?? ABORT_GRACE_MS;
  const sofficeBin = resolveSofficeBin(opts.sofficePath);
  const bridgeScript = bridgeScriptPath(PROJECT_ROOT);
  const preload = opts.allocator === 'jemalloc' ? findJemalloc() : undefined;
  /** Bound on starting one worker, warm-up included. */
  const startTimeoutMs = Math.max(60_000, opts.timeoutMs);
  const workDir = opts.workDir ?? os.tmpdir();
  const rootDir = createWorkDir(workDir, 'pool');
  // The documents being converted (the plan's data) in memory where the machine allows: /dev/shm.
  const documents = chooseDocumentDir(opts.documentDir, workDir, opts.workers);
  const documentRoot = documents.dir === workDir ? rootDir : createWorkDir(documents.dir, 'pool');
  const tag = path.basename(rootDir).slice(-6);
  const slots: Slot[] = Array.from({ length: opts.workers }, (_, index) => ({ index, worker: undefined, state: 'down', conversions: 0, generation: 0, startFailures: 0, idleSince: 0 }));
  let ready = false;
  let closed = false;
  let jobCounter = 0;

  const fail = (cause: ConversionFailureCause) => metrics?.conversionFailures.inc({ converter: 'pool', cause });
  const queue = createConversionQueue<Job>({
    converter: 'pool',
    workers: opts.workers,
    max: opts.queueMax,
    timeoutMs: opts.queueTimeoutMs,
    metrics,
    tryStart: (job) => {
      const slot = mostRecentlyIdle();
      if (!slot) return false;
      void run(slot, job);
      return true;
    },
    reject: (job, err) => settle(job, err),
  });

  function markIdle(slot: Slot): void {
    slot.state = 'idle';
    slot.idleSince = performance.now();
  }

  /**
   * The idle worker that finished last: its memory is still in the processor's caches. Giving
   * work to the worker idle the longest instead (to let the last one close its document in
   * peace) made a PDF 6–10 ms slower one request at a time, with the two offices taking turns
   * (two runs of 60–80 requests alternating between services built both ways).
   */
  function mostRecentlyIdle(): Slot | undefined {
    let found: Slot | undefined;
    for (const s of slots) if (s.state === 'idle' && (!found || s.idleSince > found.idleSince)) found = s;
    return found;
  }

  const slotDir = (slot: Slot) => path.join(rootDir, `w${slot.index}`);
  /** The slot's folder for documents: its conversions' files, and its LibreOffice's TMPDIR. */
  const slotTmp = (slot: Slot) => path.join(documentRoot, `w${slot.index}`, 'tmp');

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
      tmpDir: slotTmp(slot),
      // Short: the socket path (/tmp/OSL_PIPE_<uid>_<name>) must stay under 108 bytes.
      pipeName: `indsatsplan_${process.pid}_${tag}_${slot.index}_${slot.generation}`,
      startTimeoutMs,
      logger: log,
    });
    slot.worker = worker;
    try {
      await worker.start();
      // Warms both import filters and both exports: Word's and LibreOffice's own format.
      const odt = await convertOn(slot, worker, { format: 'docx', bytes: buildSimpleDocx() }, 'odt', startTimeoutMs);
      await convertOn(slot, worker, { format: 'odt', bytes: odt }, 'pdf', startTimeoutMs);
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
    markIdle(slot);
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
        queue.pump();
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
  async function convertOn(slot: Slot, worker: PoolWorker, document: OfficeDocument, target: Target, timeoutMs: number, onTimeout?: () => void): Promise<Buffer> {
    const n = ++jobCounter;
    const tmp = slotTmp(slot);
    const input = path.join(tmp, `job-${n}.${document.format}`);
    const output = path.join(tmp, `job-${n}.${target}`);
    writeFileSync(input, document.bytes);
    let timer: NodeJS.Timeout | undefined;
    try {
      const timedOut = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          onTimeout?.();
          reject(new AppError('conversion-timeout', CONVERSION_DETAIL.timeout));
        }, timeoutMs);
      });
      await Promise.race([worker.convert(input, document.format, output, target), timedOut]);
      return readFileSync(output);
    } finally {
      clearTimeout(timer);
      // Removed once the answer is out, not before it.
      void afterTheAnswer().then(() => {
        for (const f of [input, output]) unlink(f).catch(() => undefined); // not written, or removed with the worker's temp dir
      });
    }
  }

  /**
   * Lets the answer go out before a worker's housekeeping (its memory read from /proc, its files
   * removed): the job's caller runs in the microtasks its settling queued, and this resolves in
   * the event loop's next check phase, after them. Only when no job waits: then the worker has
   * nothing to start, and the answer is the only thing anyone is waiting for; when one waits, the
   * worker takes it first, since LibreOffice is what limits the rate. One request at a time, the
   * time from LibreOffice's reply to the answer's write fell by 0.39–0.64 ms for Bilag 2
   * (bench/README.md, What was cut).
   */
  const afterTheAnswer = () => new Promise<void>((resolve) => setImmediate(resolve));

  /** Runs a job on an idle slot (marked busy at once, before the first await). */
  async function run(slot: Slot, job: Job): Promise<void> {
    const worker = slot.worker!;
    slot.state = 'busy';
    job.attempts++;
    const started = Date.now();
    const endTimer = metrics?.conversionDuration.startTimer({ converter: 'pool' });
    // The client has gone: after the grace time the worker is killed, which ends the conversion.
    let graceTimer: NodeJS.Timeout | undefined;
    const onAbort = () => {
      graceTimer = setTimeout(() => {
        if (job.settled) return;
        log.info({ worker: slot.index }, 'client gone; stopping its conversion');
        fail('aborted');
        settle(job, new AppError('conversion-failed', CONVERSION_DETAIL.aborted));
        void replace(slot, 'aborted');
      }, Math.max(0, abortGraceMs - (Date.now() - started)));
    };
    if (job.signal?.aborted) onAbort();
    else job.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const pdf = await convertOn(slot, worker, job.document, job.target, opts.timeoutMs, () => void replace(slot, 'timeout'));
      endTimer?.();
      queue.recordDuration(Date.now() - started);
      metrics?.conversions.inc({ converter: 'pool' });
      settle(job, pdf);
    } catch (err) {
      if (job.settled) {
        // Answered already (its client has gone): the worker was killed for it.
      } else if (err instanceof AppError && err.code === 'conversion-timeout') {
        log.warn({ worker: slot.index, ms: opts.timeoutMs }, 'conversion exceeded its time limit; worker killed');
        fail('timeout');
        settle(job, err);
      } else if (err instanceof WorkerCrashError) {
        if (slot.state === 'busy') void replace(slot, 'crash');
        if (job.attempts < 2 && !closed) {
          log.warn({ worker: slot.index }, 'LibreOffice crashed during a conversion; retrying on another worker');
          queue.add(job, { signal: job.signal, front: true });
        } else {
          fail('crash');
          settle(job, new AppError('conversion-failed', CONVERSION_DETAIL.failed, { cause: err }));
        }
      } else {
        // DocumentError (LibreOffice could not read or export it) or anything unforeseen.
        fail('failed');
        settle(job, new AppError('conversion-failed', CONVERSION_DETAIL.failed, { cause: err }));
      }
    } finally {
      clearTimeout(graceTimer);
      job.signal?.removeEventListener('abort', onAbort);
    }
    if (queue.length === 0) await afterTheAnswer();
    if (slot.state === 'busy' && slot.worker === worker) {
      slot.conversions++;
      const rss = worker.rssMb();
      if (rss !== undefined && rss > opts.workerMaxRssMb) {
        log.info({ worker: slot.index, rssMb: Math.round(rss) }, 'LibreOffice worker past its memory bound; recycling');
        void replace(slot, 'memory');
      } else if (slot.conversions >= opts.maxPerWorker) {
        void replace(slot, 'recycle');
      } else {
        markIdle(slot);
      }
    }
    queue.pump();
  }

  function submit(document: OfficeDocument, target: Target, options: ConvertOptions): Promise<Buffer> {
    if (!ready || closed) return Promise.reject(new AppError('conversion-unavailable', closed ? CONVERSION_DETAIL.stopping : CONVERSION_DETAIL.starting, { retryAfter: 5 }));
    return new Promise<Buffer>((resolve, reject) => {
      queue.add({ document, target, signal: options.signal, resolve, reject, attempts: 0, settled: false }, { signal: options.signal });
    });
  }

  function settle(job: Job, result: Buffer | Error): void {
    if (job.settled) return;
    job.settled = true;
    if (Buffer.isBuffer(result)) job.resolve(result);
    else job.reject(result);
  }

  return {
    kind: 'pool',
    rootDir,
    documentRoot,
    async start() {
      // A service killed without cleaning up left its profiles (and maybe a LibreOffice) behind.
      const stale = (documentRoot === rootDir ? [workDir] : [workDir, documents.dir]).flatMap((parent) => removeStaleWorkDirs(parent));
      if (stale.length) log.info({ folders: stale.length }, 'removed LibreOffice folders left by a service that did not stop cleanly');
      if (opts.allocator === 'jemalloc' && !preload) log.warn('jemalloc not found (Debian: libjemalloc2); LibreOffice runs on the system allocator');
      log.info({ workers: opts.workers, soffice: sofficeBin, python: opts.unoPython, allocator: preload ? 'jemalloc' : 'system' }, 'starting LibreOffice workers');
      const { dir: documentDir, inMemory, notInMemory } = documents;
      if (!inMemory && notInMemory) log.warn({ documentDir, why: notInMemory }, 'the documents being converted are written to disk: /dev/shm is not memory with room for them (a container: --shm-size); CONVERSION_DOCUMENT_DIR names a tmpfs of your own');
      else log.info({ documentDir, inMemory }, 'the documents being converted are written here');
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
      queue.pump();
    },
    isReady: () => ready && !closed,
    toPdf: (document: OfficeDocument, options: ConvertOptions = {}) => submit(document, 'pdf', options),
    docxToPdf: (docx: Buffer, options: ConvertOptions = {}) => submit({ format: 'docx', bytes: docx }, 'pdf', options),
    docxToOdt: (docx: Buffer) => submit({ format: 'docx', bytes: docx }, 'odt', {}),
    async close() {
      closed = true;
      ready = false;
      queue.close();
      await Promise.all(slots.map(async (slot) => {
        slot.state = 'down';
        await slot.worker?.kill();
      }));
      killProcessGroups(findProcessesByArg(rootDir));
      rmSync(rootDir, { recursive: true, force: true });
      rmSync(documentRoot, { recursive: true, force: true });
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
