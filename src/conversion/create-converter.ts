/** Chooses the converter from configuration, and says in the log which one is in use. */
import type { Config } from '../shared/config.js';
import type { Logger } from '../shared/logger.js';
import type { Converter } from './converter.js';
import { createPerCallConverter } from './per-call-converter.js';

export function createConverter(config: Config['conversion'], logger: Logger): Converter {
  // The warm pool arrives with the conversion-pool work; until then every kind runs per call.
  logger.info({ converter: 'per-call', requested: config.kind }, 'PDF converter: one LibreOffice process per conversion');
  return createPerCallConverter({ sofficePath: config.sofficePath, timeoutMs: config.timeoutMs, concurrency: config.workers });
}
