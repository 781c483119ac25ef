/**
 * GET /metrics: Prometheus text format, request durations labelled by route pattern
 * (never by URL, which could carry an id), and a registry per app. The converter is a
 * stand-in here: the counters of the real pool are checked in conversion-pool.test.ts.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from './helpers/app.js';
import { createMetrics } from '../src/metrics/metrics.js';
import { fakeConverter } from './helpers/fake-converter.js';

const idleConverter = fakeConverter(async () => Buffer.from('%PDF-1.7'));

describe('GET /metrics', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  const metrics = createMetrics();

  beforeAll(async () => {
    t = await createTestApp({ converter: idleConverter, metrics });
  });
  afterAll(() => t.close());

  it('serves the service metrics in Prometheus text format', async () => {
    await request(t.app).get('/healthz').expect(200);
    await request(t.app).get('/findes-ikke/010180-4000').expect(404);
    const res = await request(t.app).get('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    for (const name of [
      'indsatsplan_conversions_total',
      'indsatsplan_conversion_failures_total',
      'indsatsplan_conversion_queue_length',
      'indsatsplan_conversion_duration_seconds',
      'indsatsplan_conversion_worker_restarts_total',
      'indsatsplan_http_request_duration_seconds',
    ]) {
      expect(res.text).toContain(`# TYPE ${name} `);
    }
    expect(res.text).toMatch(/^indsatsplan_http_request_duration_seconds_count\{method="GET",route="\/healthz",status="200"\} 1$/m);
    // An unmatched URL is counted under one label: no path (or what is in it) reaches the metrics.
    expect(res.text).toMatch(/^indsatsplan_http_request_duration_seconds_count\{method="GET",route="unmatched",status="404"\} 1$/m);
    expect(res.text).not.toContain('010180');
    expect(res.text).toContain('indsatsplan_process_resident_memory_bytes');
  });

  it('keeps each registry apart, so two apps never share counters', async () => {
    const other = await createTestApp({ converter: idleConverter });
    try {
      const res = await request(other.app).get('/metrics');
      expect(res.text).not.toMatch(/route="\/healthz"/);
    } finally {
      await other.close();
    }
  });
});
