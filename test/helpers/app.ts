/** Builds the app for tests with the real converter and renderer (or ones a test passes). */
import { buildApp, type AppDeps } from '../../src/app.js';
import { loadConfig } from '../../src/shared/config.js';
import { createLogger } from '../../src/shared/logger.js';
import { createConverter } from '../../src/conversion/create-converter.js';
import { createDocxTemplateRenderer } from '../../src/templating/template-renderer.js';

export function testConfig(env: Record<string, string> = {}) {
  return loadConfig({ LOG_LEVEL: 'silent', CONVERSION_WORKERS: '1', ...env });
}

export async function createTestApp(overrides: Partial<AppDeps> = {}, env: Record<string, string> = {}) {
  const config = overrides.config ?? testConfig(env);
  const logger = overrides.logger ?? createLogger('silent');
  const converter = overrides.converter ?? createConverter(config.conversion, logger);
  if (!overrides.converter) await converter.start();
  const renderer = overrides.renderer ?? createDocxTemplateRenderer();
  const app = buildApp({ config, logger, converter, renderer, ...overrides });
  return { app, config, converter, close: () => (overrides.converter ? Promise.resolve() : converter.close()) };
}
