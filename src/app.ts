/**
 * Builds the Express app from its dependencies. It never listens and never reads the
 * environment: server/index.ts wires the real dependencies, tests wire their own.
 */
import express, { type Express } from 'express';
import type { Config } from './shared/config.js';
import type { Logger } from './shared/logger.js';
import { createErrorHandler, notFoundHandler } from './http/error-handler.js';
import { recordArrival } from './http/arrival.js';
import type { Converter } from './conversion/converter.js';
import type { TemplateRenderer } from './templating/template-renderer.js';
import { buildOpenApi, type RouteDoc } from './openapi/build-openapi.js';
import { createPlanRouter, planRouteDocs } from './plan/routes.js';
import { createFormRouter, formRouteDocs } from './plan-form/routes.js';
import { createUploadRouter, uploadRouteDocs } from './upload/routes.js';
import { createFollowUpRouter, followUpRouteDocs } from './follow-up/routes.js';
import { createInvitationRouter, invitationRouteDocs } from './invitation/routes.js';
import { createDistributionRouter, distributionRouteDocs } from './distribution/routes.js';
import type { DistributionService } from './distribution/create-distribution-service.js';
import { createGpLetterBuilder } from './distribution/gp-letter.js';
import { purgeDistributions } from './distribution/purge-distributions.js';
import type { GpLetterBuilder } from './distribution/prepare-distribution.js';
import { createFollowUpOverviewRouter, followUpOverviewRouteDocs } from './follow-up/overview-routes.js';
import type { FollowUpService } from './follow-up/create-follow-up-service.js';
import { recordFollowUps } from './follow-up/record-follow-ups.js';
import { readRenderRequest } from './follow-up/read-plans.js';
import { createWebRouter, LOGGED_OUT_PAGE, PAGES } from './web/routes.js';
import { createAuth } from './auth/create-auth.js';
import { authRouteDocs } from './auth/auth-routes.js';
import type { AuthStores } from './auth/auth-stores.js';
import { securityHeaders } from './auth/security-headers.js';
import { findRequestIdentity } from './auth/identity.js';
import { openApiSecurity } from './auth/openapi-security.js';
import type { PersonLogin } from './auth/oidc-login.js';
import { createMetrics, type Metrics } from './metrics/metrics.js';
import { createMetricsRouter, httpMetricsMiddleware, metricsRouteDocs } from './metrics/routes.js';

export interface AppDeps {
  config: Config;
  logger: Logger;
  converter: Converter;
  renderer: TemplateRenderer;
  /** Sessions and rate-limit counters (openAuthStores: SQLite or PostgreSQL). */
  authStores: AuthStores;
  /** The OIDC client; default: openid-client against the configured provider. */
  personLogin?: PersonLogin;
  /** Durable distribution state and its sender (createDistributionService). */
  distributions: Pick<DistributionService, 'stores' | 'sender'> & { buildGpLetter?: GpLetterBuilder };
  /** The remembered follow-ups of sent plans (createFollowUpService). */
  followUps: Pick<FollowUpService, 'store' | 'matchSecret'>;
  version?: string;
  /** Prometheus metrics; pass the converter's so /metrics shows its counters. */
  metrics?: Metrics;
  /** The clock (tests fix it); default: the system clock. */
  now?: () => Date;
  /** Start-up work /readyz waits for besides the converter (the templates' ODT forms); default: none. */
  warmedUp?: () => boolean;
}

const systemRouteDocs: RouteDoc[] = [
  { method: 'get', path: '/healthz', tags: ['Drift'], summary: 'Tjenesten svarer', responses: { '200': { description: 'Processen kører' } } },
  {
    method: 'get', path: '/readyz', tags: ['Drift'], summary: 'Tjenesten er klar (PDF-konverteringen er varm)',
    responses: { '200': { description: 'Klar' }, '503': { description: 'Starter stadig' } },
  },
  { method: 'get', path: '/openapi.json', tags: ['Drift'], summary: 'Dette OpenAPI 3.1-dokument', responses: { '200': { description: 'OpenAPI-dokumentet' } } },
];

/** Every route of the API, as the OpenAPI document describes it (and the access test walks it). */
export const ROUTE_DOCS: readonly RouteDoc[] = [
  ...systemRouteDocs,
  ...metricsRouteDocs,
  ...authRouteDocs,
  ...planRouteDocs,
  ...formRouteDocs,
  ...uploadRouteDocs,
  ...followUpRouteDocs,
  ...invitationRouteDocs,
  ...distributionRouteDocs,
  ...followUpOverviewRouteDocs,
];

export function buildApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  // First, so that a PDF's Server-Timing counts everything the service did (src/http/arrival.ts).
  app.use(recordArrival());
  // Behind a reverse proxy its X-Forwarded-For names the client (for the rate limit), only when configured.
  app.set('trust proxy', deps.config.auth.trustProxy);
  const now = deps.now ?? (() => new Date());
  const metrics = deps.metrics ?? createMetrics();
  app.use(...securityHeaders());
  app.use(httpMetricsMiddleware(metrics));

  // Access log without URLs' query strings or bodies: no CPR can reach it.
  app.use((req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const client = findRequestIdentity(req)?.id;
      deps.logger.info({ method: req.method, path: req.path, status: res.statusCode, ms: Math.round(ms), client }, 'request');
    });
    next();
  });

  // Before every route, so that no route can be left unprotected (src/auth/access-policy.ts).
  const auth = createAuth({
    config: deps.config.auth,
    stores: deps.authStores,
    logger: deps.logger,
    pages: Object.fromEntries(Object.entries(PAGES).map(([route, page]) => [route, page.roles])),
    loggedOutPage: LOGGED_OUT_PAGE,
    now: () => now().getTime(),
    personLogin: deps.personLogin,
  });
  app.use(...auth.middleware);
  app.use(auth.router);

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', (_req, res) => {
    const ready = deps.converter.isReady() && (deps.warmedUp?.() ?? true);
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'starting', converter: deps.converter.kind });
  });

  app.use(createMetricsRouter(metrics));

  const openApi = buildOpenApi(ROUTE_DOCS, { version: deps.version ?? '0.0.0', security: openApiSecurity(auth.policy) });
  app.get('/openapi.json', (_req, res) => {
    res.json(openApi);
  });

  app.use(
    createPlanRouter({
      converter: deps.converter,
      renderer: deps.renderer,
      jsonLimitBytes: deps.config.limits.jsonBytes,
      readRenderRequest,
    }),
  );
  app.use(createFormRouter({ jsonLimitBytes: deps.config.limits.jsonBytes }));
  app.use(createUploadRouter({ converter: deps.converter, renderer: deps.renderer, limits: deps.config.limits }));
  app.use(createFollowUpRouter({ limits: deps.config.limits }));
  app.use(
    createInvitationRouter({
      converter: deps.converter,
      renderer: deps.renderer,
      jsonLimitBytes: deps.config.limits.jsonBytes,
      now,
      store: deps.distributions.stores.distributions,
    }),
  );

  app.use(
    createDistributionRouter({
      stores: deps.distributions.stores,
      sender: deps.distributions.sender,
      converter: deps.converter,
      renderer: deps.renderer,
      buildGpLetter: deps.distributions.buildGpLetter ?? createGpLetterBuilder(deps.converter, deps.renderer),
      organisation: deps.config.digitalPost.senderLabel,
      limits: deps.config.limits,
      observer: recordFollowUps({ store: deps.followUps.store, logger: deps.logger, now: () => now().getTime(), matchSecret: deps.followUps.matchSecret }),
      expireOverdue: () =>
        purgeDistributions({
          stores: deps.distributions.stores,
          logger: deps.logger,
          unsentTtlMs: deps.config.distribution.unsentTtlMs,
          now: () => deps.distributions.sender.now(),
        }),
    }),
  );
  app.use(createFollowUpOverviewRouter({ store: deps.followUps.store, reminderDays: deps.config.followUp.reminderDays, now }));

  app.use(createWebRouter());

  app.use(notFoundHandler);
  app.use(createErrorHandler(deps.logger));
  return app;
}
