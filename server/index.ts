/** The service's entry point: parse config, wire the real dependencies, listen. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildApp } from '../src/app.js';
import { ConfigError, loadConfig } from '../src/shared/config.js';
import { createLogger } from '../src/shared/logger.js';
import { createConverter } from '../src/conversion/create-converter.js';
import { createMetrics } from '../src/metrics/metrics.js';
import { createDocxTemplateRenderer } from '../src/templating/template-renderer.js';
import { deriveOdtForms } from '../src/templating/derive-odt-forms.js';
import { PROJECT_ROOT } from '../src/shared/paths.js';
import { createDistributionService } from '../src/distribution/create-distribution-service.js';
import { openAuthStores, openStores } from '../src/storage/open-stores.js';
import { createFollowUpService } from '../src/follow-up/create-follow-up-service.js';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(78); // EX_CONFIG
    }
    throw err;
  }
  const logger = createLogger(config.logLevel);
  const version = (JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  const metrics = createMetrics();
  const converter = createConverter(config.conversion, logger, metrics);
  const renderer = createDocxTemplateRenderer();
  let stores, authStores;
  try {
    stores = await openStores(config, logger);
    authStores = await openAuthStores(config, logger);
  } catch (err) {
    // Unreachable, refused, or a schema newer than this service: nothing can work without it.
    logger.fatal({ err: { message: (err as Error).message } }, 'the database cannot be opened');
    process.exit(1);
  }
  const distributions = createDistributionService(config, logger, { stores });
  logger.info({ store: stores.kind, shared: stores.shared }, stores.shared ? 'state in the shared PostgreSQL database' : 'state in the SQLite file');
  const followUps = createFollowUpService(config, logger, { store: stores.followUps, distributions });
  let formsMade = !config.conversion.odtForms;
  const app = buildApp({ config, logger, converter, renderer, distributions, followUps, authStores, version, metrics, warmedUp: () => formsMade });
  if (config.auth.development) {
    logger.warn(
      { host: config.host, port: config.port },
      'DEVELOPMENT MODE: no authentication configured (API_KEYS, API_KEYS_FILE, OIDC_*), so anyone who can reach this address acts with every role. Allowed only on loopback and outside NODE_ENV=production; the pages say "udviklingstilstand, ingen login".',
    );
  } else {
    logger.info({ apiKeys: config.auth.apiKeys.map((k) => k.name), oidc: config.auth.oidc?.issuer }, 'authentication configured');
  }

  const server = app.listen(config.port, config.host, () => {
    logger.info({ host: config.host, port: config.port, version }, 'indsatsplan listening');
  });
  server.requestTimeout = 5 * 60_000;

  // Readiness follows the converter: /readyz says 503 until it has warmed up.
  // Then the templates' ODT forms (about a second); until they are made, PDFs come from the .docx.
  converter
    .start()
    .then(
      () => {
        logger.info({ converter: converter.kind }, 'PDF converter ready');
        if (config.conversion.odtForms) return deriveOdtForms(renderer, converter, logger);
      },
      (err: unknown) => logger.error({ err }, 'PDF converter failed to start'),
    )
    .finally(() => {
      formsMade = true;
    });
  // A send interrupted by a crash or a restart goes on where it stopped (never a second copy);
  // what has expired is purged, now and on a schedule.
  distributions.start().then(
    (n) => logger.info({ distributions: n, store: stores.kind }, 'distributions resumed'),
    (err: unknown) => logger.error({ err }, 'resuming distributions failed'),
  );
  // Reminders of follow-ups, and their deletion: now and every quarter of an hour.
  followUps.start();
  if (!config.followUp.publicUrlConfigured) {
    logger.warn({ publicUrl: config.followUp.publicUrl }, 'PUBLIC_URL is not set: the links in follow-up reminders name this address, which people on other machines may not reach');
  }

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    server.close();
    // The scheduler stops before the distributions it sends through close, and they before the stores.
    Promise.allSettled([converter.close(), followUps.close().then(() => distributions.close()).finally(() => stores.close()), authStores.close()]).finally(() => process.exit(0));
    setTimeout(() => process.exit(1), 15_000).unref();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

void main();
