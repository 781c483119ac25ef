/**
 * Builds the Express app from its dependencies. It never listens and never reads the
 * environment: server/index.ts wires the real dependencies, tests wire their own.
 */
import express, { type Express } from 'express';
import type { Config } from './shared/config.js';
import type { Logger } from './shared/logger.js';
import { createErrorHandler, notFoundHandler } from './shared/error-handler.js';
import type { Converter } from './conversion/converter.js';
import type { TemplateRenderer } from './templating/template-renderer.js';
import { buildOpenApi, type RouteDoc } from './openapi/build-openapi.js';
import { createPlanRouter, planRouteDocs } from './plan/routes.js';
import { createWebRouter } from './web/routes.js';

export interface AppDeps {
  config: Config;
  logger: Logger;
  converter: Converter;
  renderer: TemplateRenderer;
  version?: string;
}

const systemRouteDocs: RouteDoc[] = [
  { method: 'get', path: '/healthz', tags: ['Drift'], summary: 'Tjenesten svarer', responses: { '200': { description: 'Processen kører' } } },
  {
    method: 'get', path: '/readyz', tags: ['Drift'], summary: 'Tjenesten er klar (PDF-konverteringen er varm)',
    responses: { '200': { description: 'Klar' }, '503': { description: 'Starter stadig' } },
  },
  { method: 'get', path: '/openapi.json', tags: ['Drift'], summary: 'Dette OpenAPI 3.1-dokument', responses: { '200': { description: 'OpenAPI-dokumentet' } } },
];

export function buildApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);

  // Access log without URLs' query strings or bodies: no CPR can reach it.
  app.use((req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      deps.logger.info({ method: req.method, path: req.path, status: res.statusCode, ms: Math.round(ms) }, 'request');
    });
    next();
  });

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', (_req, res) => {
    const ready = deps.converter.isReady();
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'starting', converter: deps.converter.kind });
  });

  const routeDocs: RouteDoc[] = [...systemRouteDocs, ...planRouteDocs];
  const openApi = buildOpenApi(routeDocs, { version: deps.version ?? '0.0.0' });
  app.get('/openapi.json', (_req, res) => {
    res.json(openApi);
  });

  app.use(createPlanRouter({ converter: deps.converter, renderer: deps.renderer, jsonLimitBytes: deps.config.limits.jsonBytes }));

  app.use(createWebRouter());

  app.use(notFoundHandler);
  app.use(createErrorHandler(deps.logger));
  return app;
}
