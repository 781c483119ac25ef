/** GET /metrics (Prometheus text format) and the middleware that times every request. */
import { Router, type RequestHandler } from 'express';
import type { RouteDoc } from '../openapi/build-openapi.js';
import type { Metrics } from './metrics.js';

/** Times each request; the label is the route pattern, never the URL (no ids, no query). */
export function httpMetricsMiddleware(metrics: Metrics): RequestHandler {
  return (req, res, next) => {
    const end = metrics.httpRequestDuration.startTimer();
    res.on('finish', () => {
      const route = typeof req.route?.path === 'string' ? req.route.path : 'unmatched';
      end({ method: req.method, route, status: String(res.statusCode) });
    });
    next();
  };
}

export function createMetricsRouter(metrics: Metrics): Router {
  const router = Router();
  router.get('/metrics', async (_req, res) => {
    const body = await metrics.registry.metrics();
    res.setHeader('Content-Type', metrics.registry.contentType);
    res.setHeader('Cache-Control', 'no-store');
    res.end(body);
  });
  return router;
}

export const metricsRouteDocs: RouteDoc[] = [
  {
    method: 'get', path: '/metrics', tags: ['Drift'],
    summary: 'Målinger til Prometheus (konverteringer, kø, svartider, genstartede arbejdere)',
    responses: { '200': { description: 'Målingerne i Prometheus-tekstformat', binary: ['text/plain; version=0.0.4'] } },
  },
];
