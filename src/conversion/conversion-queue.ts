/**
 * The one waiting line in front of LibreOffice, for both converters: first come, first
 * served, bounded in length (429 past it) and in time (each job waits at most
 * `timeoutMs`, then 503), and a job whose client has gone leaves it at once. The owner
 * says when a worker is free (`tryStart`) and reports how long conversions take, which
 * gives an honest Retry-After. The queue keeps its length metric and counts the jobs it
 * turns away; what happens on a worker stays with the owner.
 */
import { AppError } from '../shared/errors.js';
import type { ConversionFailureCause, Metrics } from '../metrics/metrics.js';
import { CONVERSION_DETAIL } from './converter.js';

export interface ConversionQueueOptions<J> {
  /** The converter's name, as the metrics label it. */
  converter: 'pool' | 'per-call';
  /** How many conversions run at once: with the average duration, the estimated wait. */
  workers: number;
  /** The most jobs that may wait; the next is turned away with 429. */
  max: number;
  /** The longest a job may wait for a worker (then 503). */
  timeoutMs: number;
  metrics?: Metrics;
  /** Starts the job at once if a worker is free and says so; false leaves it waiting. Called in queue order. */
  tryStart: (job: J) => boolean;
  /** Answers a job the queue turned away or gave up on (full, waited too long, client gone, closing). */
  reject: (job: J, err: AppError) => void;
}

export interface EnqueueOptions {
  /** Aborts the wait when the client goes away. */
  signal?: AbortSignal;
  /** A job that lost its worker to a crash goes first: it has waited already. */
  front?: boolean;
}

export interface ConversionQueue<J> {
  /** Starts the job now if a worker is free, else queues it; a refusal goes to `reject`. */
  add(job: J, options?: EnqueueOptions): void;
  /** A worker became free: starts the waiting jobs that can start, in order. */
  pump(): void;
  /** How long one conversion took, for the estimate in Retry-After. */
  recordDuration(ms: number): void;
  /** Seconds until a job added now would likely get a worker (at least 1). */
  retryAfterSeconds(): number;
  /** Turns every waiting job away (the converter is stopping) and refuses new ones. */
  close(): void;
  readonly length: number;
}

interface Waiting<J> {
  job: J;
  enqueuedAt: number;
  timer: NodeJS.Timeout | undefined;
  signal: AbortSignal | undefined;
  onAbort: () => void;
}

/** The starting guess at a conversion's duration, before any has been measured. */
const INITIAL_AVERAGE_MS = 1000;

export function createConversionQueue<J>(opts: ConversionQueueOptions<J>): ConversionQueue<J> {
  const waiting: Waiting<J>[] = [];
  let closed = false;
  let averageMs = INITIAL_AVERAGE_MS;

  const count = (cause: ConversionFailureCause) => opts.metrics?.conversionFailures.inc({ converter: opts.converter, cause });
  const setGauge = () => opts.metrics?.conversionQueueLength.set(waiting.length);
  const retryAfterSeconds = () => Math.max(1, Math.ceil(((waiting.length + 1) * averageMs) / opts.workers / 1000));

  /** Takes an entry out of the line and releases its timer and abort listener. */
  const leave = (w: Waiting<J>): void => {
    const i = waiting.indexOf(w);
    if (i >= 0) waiting.splice(i, 1);
    clearTimeout(w.timer);
    w.signal?.removeEventListener('abort', w.onAbort);
    setGauge();
  };

  const turnAway = (w: Waiting<J>, cause: ConversionFailureCause, err: AppError): void => {
    leave(w);
    count(cause);
    opts.reject(w.job, err);
  };

  const pump = (): void => {
    while (waiting.length > 0) {
      const head = waiting[0]!;
      if (!opts.tryStart(head.job)) break;
      leave(head);
      opts.metrics?.conversionQueueWait.observe((Date.now() - head.enqueuedAt) / 1000);
    }
  };

  return {
    add(job, options = {}) {
      const { signal, front = false } = options;
      if (closed) {
        opts.reject(job, new AppError('conversion-unavailable', CONVERSION_DETAIL.stopping, { retryAfter: 5 }));
        return;
      }
      if (signal?.aborted) {
        count('aborted');
        opts.reject(job, new AppError('conversion-failed', CONVERSION_DETAIL.aborted));
        return;
      }
      const w: Waiting<J> = { job, enqueuedAt: Date.now(), timer: undefined, signal, onAbort: () => undefined };
      w.onAbort = () => turnAway(w, 'aborted', new AppError('conversion-failed', CONVERSION_DETAIL.aborted));
      if (front) waiting.unshift(w);
      else waiting.push(w);
      pump();
      if (!waiting.includes(w)) return; // started at once
      // Past the bound only this newest entry is turned away (a retry at the front always stays).
      if (waiting.length > opts.max && !front) {
        leave(w);
        count('queue-full');
        opts.reject(job, new AppError('conversion-queue-full', CONVERSION_DETAIL.queueFull, { retryAfter: retryAfterSeconds() }));
        return;
      }
      w.timer = setTimeout(
        () => turnAway(w, 'queue-timeout', new AppError('conversion-queue-timeout', CONVERSION_DETAIL.queueTimeout, { retryAfter: retryAfterSeconds() })),
        opts.timeoutMs,
      );
      signal?.addEventListener('abort', w.onAbort, { once: true });
      setGauge();
    },
    pump,
    recordDuration(ms) {
      averageMs = averageMs * 0.8 + ms * 0.2;
    },
    retryAfterSeconds,
    close() {
      closed = true;
      for (const w of [...waiting]) {
        leave(w);
        opts.reject(w.job, new AppError('conversion-unavailable', CONVERSION_DETAIL.stopping, { retryAfter: 5 }));
      }
    },
    get length() {
      return waiting.length;
    },
  };
}
