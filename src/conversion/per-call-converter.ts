/**
 * The zero-setup converter: one soffice process per conversion through the
 * libreoffice-convert package. Slow (a cold start each time) but needs nothing beyond
 * LibreOffice itself. The process runs under coreutils `timeout`, which puts itself in
 * a process group of its own and signals that whole group, so a hung conversion leaves
 * no soffice.bin behind. At most `workers` run at once; the rest wait in the same bounded
 * queue as the pool's (conversion-queue.ts). A conversion whose client has gone is killed
 * at once: it has no warm worker to lose.
 */
import { promisify } from 'node:util';
import { writeFileSync, rmSync, chmodSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import libre from 'libreoffice-convert';
import { AppError } from '../shared/errors.js';
import type { ConversionFailureCause, Metrics } from '../metrics/metrics.js';
import { CONVERSION_DETAIL, filterDataAsCliJson, type ConvertOptions, type Converter, type OfficeDocument } from './converter.js';
import { createConversionQueue } from './conversion-queue.js';
import { createWorkDir, removeStaleWorkDirs } from './work-dir.js';
import { findProcessesByArg, killProcessGroups } from './pool/find-processes.js';
import type { Config } from '../shared/config.js';

const convertWithOptions = promisify(libre.convertWithOptions) as (
  doc: Buffer,
  format: string,
  filter: string | undefined,
  options: Record<string, unknown>,
) => Promise<Buffer>;

/**
 * The conversion settings it uses (src/shared/config.ts): at most `workers` soffice processes
 * at once, at most `queueMax` waiting (more answer 429), each waiting at most `queueTimeoutMs`
 * (then 503); its temp dir (wrapper, documents, profiles) under `workDir` or the OS temp dir.
 */
export type PerCallOptions = Pick<Config['conversion'], 'sofficePath' | 'timeoutMs' | 'workers' | 'queueMax' | 'queueTimeoutMs' | 'workDir'> & {
  metrics?: Metrics;
};

interface Job {
  /** Called by the queue when a slot is free: the conversion may begin. */
  go: () => void;
  fail: (err: Error) => void;
}

export function createPerCallConverter(opts: PerCallOptions): Converter {
  let ready = false;
  let running = 0;
  let jobCounter = 0;
  const inFlight = new Set<Promise<unknown>>();
  let workDir: string | undefined;
  let wrapper = opts.sofficePath;
  const fail = (cause: ConversionFailureCause) => opts.metrics?.conversionFailures.inc({ converter: 'per-call', cause });
  const queue = createConversionQueue<Job>({
    converter: 'per-call',
    workers: opts.workers,
    max: opts.queueMax,
    timeoutMs: opts.queueTimeoutMs,
    metrics: opts.metrics,
    tryStart: (job) => {
      if (running >= opts.workers) return false;
      running++;
      job.go();
      return true;
    },
    reject: (job, err) => job.fail(err),
  });
  const waitForTurn = (signal?: AbortSignal) => new Promise<void>((go, reject) => queue.add({ go, fail: reject }, { signal }));

  return {
    kind: 'per-call',
    async start() {
      // libreoffice-convert takes a binary path only, so the time limit is a wrapper script;
      // its temp dirs (document, profile) go under our own dir, removed on close.
      const parent = opts.workDir ?? os.tmpdir();
      removeStaleWorkDirs(parent);
      workDir = createWorkDir(parent, 'per-call');
      mkdirSync(path.join(workDir, 'tmp'));
      wrapper = path.join(workDir, 'soffice');
      const secs = (opts.timeoutMs / 1000).toFixed(3);
      writeFileSync(wrapper, `#!/bin/sh\nexec timeout -s KILL ${secs}s ${JSON.stringify(opts.sofficePath)} "$@"\n`);
      chmodSync(wrapper, 0o755);
      ready = true;
    },
    isReady: () => ready,
    toPdf: (document: OfficeDocument, options: ConvertOptions = {}) => convert(document, 'pdf', options),
    docxToPdf: (docx: Buffer, options: ConvertOptions = {}) => convert({ format: 'docx', bytes: docx }, 'pdf', options),
    docxToOdt: (docx: Buffer) => convert({ format: 'docx', bytes: docx }, 'odt', {}),
    async close() {
      ready = false;
      queue.close();
      if (!workDir) return;
      // libreoffice-convert removes its temp dirs just after it answers: let it, then sweep.
      await Promise.allSettled([...inFlight]);
      await new Promise((r) => setImmediate(r));
      // Every soffice of ours has its profile under workDir.
      killProcessGroups(findProcessesByArg(workDir));
      rmSync(workDir, { recursive: true, force: true });
    },
  };

  async function convert(document: OfficeDocument, target: 'pdf' | 'odt', options: ConvertOptions): Promise<Buffer> {
    if (!ready || !workDir) throw new AppError('conversion-unavailable', CONVERSION_DETAIL.starting);
    const { signal } = options;
    await waitForTurn(signal);
    // Its temp dirs (document, profile) carry its number: every process of this conversion has it on its command line.
    const prefix = `job-${++jobCounter}-`;
    const needle = path.join(workDir, 'tmp', prefix);
    const started = Date.now();
    const endTimer = opts.metrics?.conversionDuration.startTimer({ converter: 'per-call' });
    let stopping: NodeJS.Timeout | undefined;
    // The client has gone: kill this conversion's processes (again, until they are gone: soffice may still be starting).
    const onAbort = () => {
      const sweep = () => killProcessGroups([...findProcessesByArg(needle, 'timeout'), ...findProcessesByArg(needle)]);
      sweep();
      stopping = setInterval(sweep, 100);
    };
    try {
      if (signal?.aborted) onAbort();
      else signal?.addEventListener('abort', onAbort, { once: true });
      const filter = target === 'pdf' ? `writer_pdf_Export:${filterDataAsCliJson()}` : undefined;
      const conversion = convertWithOptions(document.bytes, target, filter, {
        sofficeBinaryPaths: [wrapper],
        fileName: `dokument.${document.format}`,
        tmpOptions: { tmpdir: path.join(workDir, 'tmp'), prefix },
      });
      inFlight.add(conversion);
      void conversion.catch(() => undefined).finally(() => inFlight.delete(conversion));
      const result = await conversion;
      if (signal?.aborted) throw new AppError('conversion-failed', CONVERSION_DETAIL.aborted);
      endTimer?.();
      queue.recordDuration(Date.now() - started);
      opts.metrics?.conversions.inc({ converter: 'per-call' });
      return result;
    } catch (cause) {
      if (signal?.aborted) {
        fail('aborted');
        throw new AppError('conversion-failed', CONVERSION_DETAIL.aborted);
      }
      // `timeout -s KILL` kills its own group, itself included: the child ends by SIGKILL.
      const killed = (cause as { signal?: string })?.signal === 'SIGKILL' || /code 137|SIGKILL/i.test(String((cause as Error)?.message));
      if (killed || Date.now() - started >= opts.timeoutMs) {
        fail('timeout');
        throw new AppError('conversion-timeout', CONVERSION_DETAIL.timeout, { cause });
      }
      fail('failed');
      throw new AppError('conversion-failed', CONVERSION_DETAIL.failed, { cause });
    } finally {
      clearInterval(stopping);
      signal?.removeEventListener('abort', onAbort);
      running--;
      queue.pump();
    }
  }
}
