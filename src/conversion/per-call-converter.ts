/**
 * The zero-setup converter: one soffice process per conversion through the
 * libreoffice-convert package. Slow (a cold start each time) but needs nothing beyond
 * LibreOffice itself. The process runs under coreutils `timeout`, which puts itself in
 * a process group of its own and signals that whole group, so a hung conversion leaves
 * no soffice.bin behind. At most `workers` run at once; the rest wait in a bounded
 * queue with its own time bound, like the pool's.
 */
import { promisify } from 'node:util';
import { mkdtempSync, writeFileSync, rmSync, chmodSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import libre from 'libreoffice-convert';
import { AppError } from '../shared/errors.js';
import type { ConversionFailureCause, Metrics } from '../metrics/metrics.js';
import { CONVERSION_DETAIL, filterDataAsCliJson, type ConvertOptions, type Converter } from './converter.js';
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

interface Waiter {
  go: () => void;
  timer?: NodeJS.Timeout;
}

export function createPerCallConverter(opts: PerCallOptions): Converter {
  let ready = false;
  let running = 0;
  const inFlight = new Set<Promise<unknown>>();
  const waiting: Waiter[] = [];
  let workDir: string | undefined;
  let wrapper = opts.sofficePath;
  const fail = (cause: ConversionFailureCause) => opts.metrics?.conversionFailures.inc({ converter: 'per-call', cause });
  const setGauge = () => opts.metrics?.conversionQueueLength.set(waiting.length);

  const acquire = (signal?: AbortSignal): Promise<void> => {
    if (running < opts.workers) {
      running++;
      return Promise.resolve();
    }
    if (waiting.length >= opts.queueMax) {
      fail('queue-full');
      // A per-call conversion takes about a second.
      const retryAfter = Math.max(1, Math.ceil((waiting.length + 1) / opts.workers));
      return Promise.reject(new AppError('conversion-queue-full', CONVERSION_DETAIL.queueFull, { retryAfter }));
    }
    return new Promise<void>((resolve, reject) => {
      const leave = (err: AppError, cause: ConversionFailureCause) => {
        const i = waiting.indexOf(waiter);
        if (i < 0) return;
        waiting.splice(i, 1);
        setGauge();
        fail(cause);
        reject(err);
      };
      const onAbort = () => leave(new AppError('conversion-failed', CONVERSION_DETAIL.aborted), 'aborted');
      const waiter: Waiter = {
        go: () => {
          clearTimeout(waiter.timer);
          signal?.removeEventListener('abort', onAbort);
          resolve(); // the slot passes from the releaser to this waiter: running is unchanged
        },
      };
      waiter.timer = setTimeout(
        () => leave(new AppError('conversion-queue-timeout', CONVERSION_DETAIL.queueTimeout, { retryAfter: 5 }), 'queue-timeout'),
        opts.queueTimeoutMs,
      );
      signal?.addEventListener('abort', onAbort, { once: true });
      waiting.push(waiter);
      setGauge();
    });
  };
  const release = () => {
    const next = waiting.shift();
    setGauge();
    if (next) next.go();
    else running--;
  };

  return {
    kind: 'per-call',
    async start() {
      // libreoffice-convert takes a binary path only, so the time limit is a wrapper script;
      // its temp dirs (document, profile) go under our own dir, removed on close.
      const parent = opts.workDir ?? os.tmpdir();
      mkdirSync(parent, { recursive: true });
      workDir = mkdtempSync(path.join(parent, 'indsatsplan-per-call-'));
      mkdirSync(path.join(workDir, 'tmp'));
      wrapper = path.join(workDir, 'soffice');
      const secs = (opts.timeoutMs / 1000).toFixed(3);
      writeFileSync(wrapper, `#!/bin/sh\nexec timeout -s KILL ${secs}s ${JSON.stringify(opts.sofficePath)} "$@"\n`);
      chmodSync(wrapper, 0o755);
      ready = true;
    },
    isReady: () => ready,
    async docxToPdf(docx: Buffer, options: ConvertOptions = {}) {
      if (!ready || !workDir) throw new AppError('conversion-unavailable', CONVERSION_DETAIL.starting);
      await acquire(options.signal);
      const started = Date.now();
      const endTimer = opts.metrics?.conversionDuration.startTimer({ converter: 'per-call' });
      try {
        const conversion = convertWithOptions(docx, 'pdf', `writer_pdf_Export:${filterDataAsCliJson()}`, {
          sofficeBinaryPaths: [wrapper],
          fileName: 'dokument.docx',
          tmpOptions: { tmpdir: path.join(workDir, 'tmp') },
        });
        inFlight.add(conversion);
        void conversion.catch(() => undefined).finally(() => inFlight.delete(conversion));
        const pdf = await conversion;
        endTimer?.();
        opts.metrics?.conversions.inc({ converter: 'per-call' });
        return pdf;
      } catch (cause) {
        // `timeout -s KILL` kills its own group, itself included: the child ends by SIGKILL.
        const killed = (cause as { signal?: string })?.signal === 'SIGKILL' || /code 137|SIGKILL/i.test(String((cause as Error)?.message));
        if (killed || Date.now() - started >= opts.timeoutMs) {
          fail('timeout');
          throw new AppError('conversion-timeout', CONVERSION_DETAIL.timeout, { cause });
        }
        fail('failed');
        throw new AppError('conversion-failed', CONVERSION_DETAIL.failed, { cause });
      } finally {
        release();
      }
    },
    async close() {
      ready = false;
      if (!workDir) return;
      // libreoffice-convert removes its temp dirs just after it answers: let it, then sweep.
      await Promise.allSettled([...inFlight]);
      await new Promise((r) => setImmediate(r));
      // Every soffice of ours has its profile under workDir.
      killProcessGroups(findProcessesByArg(workDir));
      rmSync(workDir, { recursive: true, force: true });
    },
  };
}
