/** The shared conversion queue with a stand-in owner: order, bounds, aborts, closing, metrics. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMetrics, type Metrics } from '../metrics/metrics.js';
import type { AppError } from '../shared/errors.js';
import { createConversionQueue } from './conversion-queue.js';

interface Owner {
  free: number;
  started: string[];
  rejected: Array<[string, AppError]>;
}

function setUp(metrics: Metrics, options: { max?: number; timeoutMs?: number; workers?: number } = {}) {
  const owner: Owner = { free: 0, started: [], rejected: [] };
  const queue = createConversionQueue<string>({
    converter: 'pool',
    workers: options.workers ?? 1,
    max: options.max ?? 2,
    timeoutMs: options.timeoutMs ?? 1000,
    metrics,
    tryStart: (job) => {
      if (owner.free === 0) return false;
      owner.free--;
      owner.started.push(job);
      return true;
    },
    reject: (job, err) => owner.rejected.push([job, err]),
  });
  return { owner, queue };
}

const failures = async (metrics: Metrics) =>
  Object.fromEntries((await metrics.conversionFailures.get()).values.map((v) => [v.labels.cause, v.value]));
const gauge = async (metrics: Metrics) => (await metrics.conversionQueueLength.get()).values[0]?.value;

describe('conversion queue', () => {
  let metrics: Metrics;
  beforeEach(() => {
    vi.useFakeTimers();
    metrics = createMetrics({ defaultMetrics: false });
  });
  afterEach(() => vi.useRealTimers());

  it('starts a job at once when a worker is free, and the rest first come, first served', async () => {
    const { owner, queue } = setUp(metrics);
    owner.free = 1;
    queue.add('a');
    queue.add('b');
    queue.add('c');
    expect(owner.started).toEqual(['a']);
    expect(queue.length).toBe(2);
    expect(await gauge(metrics)).toBe(2);
    owner.free = 2;
    queue.pump();
    expect(owner.started).toEqual(['a', 'b', 'c']);
    expect(await gauge(metrics)).toBe(0);
    expect((await metrics.conversionQueueWait.get()).values.find((v) => v.metricName?.endsWith('_count'))?.value).toBe(3);
  });

  it('turns the job past its bound away with 429 and a Retry-After from the measured durations', async () => {
    const { owner, queue } = setUp(metrics, { max: 2, workers: 2 });
    for (let i = 0; i < 20; i++) queue.recordDuration(3000);
    queue.add('a');
    queue.add('b');
    queue.add('c');
    expect(owner.rejected.map(([job, err]) => [job, err.code, err.status])).toEqual([['c', 'conversion-queue-full', 429]]);
    // Three jobs' turns (two waiting and this one) at about 3 s each, on two workers.
    expect(owner.rejected[0]![1].retryAfter).toBe(5);
    expect(queue.length).toBe(2);
    expect(await failures(metrics)).toEqual({ 'queue-full': 1 });
  });

  it('turns away a job that waited past its time bound with 503', async () => {
    const { owner, queue } = setUp(metrics, { timeoutMs: 500 });
    queue.add('a');
    vi.advanceTimersByTime(499);
    expect(owner.rejected).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(owner.rejected.map(([job, err]) => [job, err.code, err.status])).toEqual([['a', 'conversion-queue-timeout', 503]]);
    expect(queue.length).toBe(0);
    expect(await failures(metrics)).toEqual({ 'queue-timeout': 1 });
  });

  it('drops a job whose client has gone, at once, and never starts it', async () => {
    const { owner, queue } = setUp(metrics);
    const controller = new AbortController();
    queue.add('a', { signal: controller.signal });
    queue.add('b');
    controller.abort();
    expect(owner.rejected.map(([job, err]) => [job, err.code])).toEqual([['a', 'conversion-failed']]);
    owner.free = 2;
    queue.pump();
    expect(owner.started).toEqual(['b']);
    // Already gone when it came: never queued.
    queue.add('c', { signal: controller.signal });
    expect(owner.started).toEqual(['b']);
    expect(await failures(metrics)).toEqual({ aborted: 2 });
  });

  it('puts a retried job first, even past the bound', () => {
    const { owner, queue } = setUp(metrics, { max: 1 });
    queue.add('a');
    queue.add('retry', { front: true });
    expect(queue.length).toBe(2);
    owner.free = 1;
    queue.pump();
    expect(owner.started).toEqual(['retry']);
  });

  it('answers every waiting job when closed, and every later one', async () => {
    const { owner, queue } = setUp(metrics);
    queue.add('a');
    queue.add('b');
    queue.close();
    queue.add('c');
    expect(owner.rejected.map(([job, err]) => [job, err.code])).toEqual([
      ['a', 'conversion-unavailable'],
      ['b', 'conversion-unavailable'],
      ['c', 'conversion-unavailable'],
    ]);
    expect(queue.length).toBe(0);
    expect(await gauge(metrics)).toBe(0);
    // No timer is left to fire on a closed queue.
    vi.advanceTimersByTime(10_000);
    expect(owner.rejected).toHaveLength(3);
  });
});
