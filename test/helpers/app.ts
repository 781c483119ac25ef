/** Builds the app for tests with the real converter and renderer (or ones a test passes). */
import { buildApp, type AppDeps } from '../../src/app.js';
import { loadConfig } from '../../src/shared/config.js';
import { createLogger } from '../../src/shared/logger.js';
import { createConverter } from '../../src/conversion/create-converter.js';
import { createMetrics } from '../../src/metrics/metrics.js';
import { createDocxTemplateRenderer } from '../../src/templating/template-renderer.js';
import { deriveOdtForms } from '../../src/templating/derive-odt-forms.js';
import { createTestDistributions } from './distribution.js';
import { openSqliteAuthStores } from '../../src/storage/sqlite-auth-stores.js';
import { openSqliteStores } from '../../src/storage/open-sqlite-stores.js';
import { followUpMatchSecret } from '../../src/follow-up/match-secret.js';

export function testConfig(env: Record<string, string> = {}) {
  return loadConfig({ LOG_LEVEL: 'silent', CONVERSION_WORKERS: '1', ...env });
}

export async function createTestApp(overrides: Partial<AppDeps> = {}, env: Record<string, string> = {}) {
  const config = overrides.config ?? testConfig(env);
  const logger = overrides.logger ?? createLogger('silent');
  const metrics = overrides.metrics ?? createMetrics({ defaultMetrics: false });
  const converter = overrides.converter ?? createConverter(config.conversion, logger, metrics);
  if (!overrides.converter) await converter.start();
  const renderer = overrides.renderer ?? createDocxTemplateRenderer();
  // As the service starts: with LibreOffice, the templates' ODT forms (made once per test process).
  if (!overrides.converter && config.conversion.odtForms) await deriveOdtForms(renderer, converter, logger);
  // An in-memory database unless the test gives a DATA_DIR for a real file.
  const distributions = overrides.distributions ?? createTestDistributions(config, logger, { databaseFile: env.DATA_DIR ? undefined : ':memory:' });
  // Sessions and rate limits in the same database (its own in-memory one without a DATA_DIR).
  const authStores = overrides.authStores ?? openSqliteAuthStores(env.DATA_DIR ? config.databaseFile : ':memory:');
  // Follow-ups on a connection of their own to the same database (an in-memory one of their own
  // without a DATA_DIR); no scheduler runs unless a test starts one. Their match secret as the
  // service resolves it: FOLLOW_UP_MATCH_SECRET, else a file in the DATA_DIR; without either a
  // fixed one, so that no test writes a secret into the checkout.
  const followUpStores = overrides.followUps ? undefined : openSqliteStores(env.DATA_DIR ? config.databaseFile : ':memory:');
  const followUps = overrides.followUps ?? {
    store: followUpStores!.followUps,
    matchSecret: followUpMatchSecret(config.followUp.matchSecret ?? (env.DATA_DIR ? undefined : 'a-fixed-follow-up-match-secret-for-tests'), config.dataDir),
  };
  const app = buildApp({ config, logger, converter, renderer, metrics, ...overrides, distributions, authStores, followUps });
  const closeDistributions = async () => {
    await followUpStores?.close();
    if (!overrides.distributions && 'close' in distributions) await distributions.close();
    if (!overrides.authStores) await authStores.close();
  };
  return {
    app,
    config,
    converter,
    metrics,
    distributions,
    followUps,
    authStores,
    close: async () => {
      await closeDistributions();
      if (!overrides.converter) await converter.close();
    },
  };
}
