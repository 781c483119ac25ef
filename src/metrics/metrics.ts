/**
 * The service's Prometheus metrics, in a registry of their own (no global state), so
 * each app and each test has its own counters. Labels never carry plan content.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Why a conversion failed, as a metric label (one per conversion-* error code, plus crash). */
export type ConversionFailureCause = 'queue-full' | 'queue-timeout' | 'timeout' | 'crash' | 'failed' | 'aborted';
/** Why a worker was replaced. */
export type WorkerRestartReason = 'crash' | 'timeout' | 'memory' | 'recycle' | 'start-failed' | 'aborted';

export interface Metrics {
  registry: Registry;
  conversions: Counter<'converter'>;
  conversionFailures: Counter<'converter' | 'cause'>;
  conversionQueueLength: Gauge;
  conversionDuration: Histogram<'converter'>;
  conversionQueueWait: Histogram;
  workerRestarts: Counter<'reason'>;
  httpRequestDuration: Histogram<'method' | 'route' | 'status'>;
}

export function createMetrics(options: { defaultMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry, prefix: 'indsatsplan_' });
  const registers = [registry];
  return {
    registry,
    conversions: new Counter({ name: 'indsatsplan_conversions_total', help: 'PDF conversions that succeeded', labelNames: ['converter'], registers }),
    conversionFailures: new Counter({ name: 'indsatsplan_conversion_failures_total', help: 'PDF conversions that failed, by cause', labelNames: ['converter', 'cause'], registers }),
    conversionQueueLength: new Gauge({ name: 'indsatsplan_conversion_queue_length', help: 'Conversions waiting for a free LibreOffice worker', registers }),
    conversionDuration: new Histogram({
      name: 'indsatsplan_conversion_duration_seconds',
      help: 'Time LibreOffice spent on one conversion (excludes the wait in the queue)',
      labelNames: ['converter'],
      buckets: [0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1, 1.5, 2, 3, 5, 10, 30],
      registers,
    }),
    conversionQueueWait: new Histogram({
      name: 'indsatsplan_conversion_queue_wait_seconds',
      help: 'Time a conversion waited for a free worker',
      buckets: [0.001, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30],
      registers,
    }),
    workerRestarts: new Counter({ name: 'indsatsplan_conversion_worker_restarts_total', help: 'LibreOffice workers replaced, by reason', labelNames: ['reason'], registers }),
    httpRequestDuration: new Histogram({
      name: 'indsatsplan_http_request_duration_seconds',
      help: 'HTTP request duration',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    }),
  };
}
