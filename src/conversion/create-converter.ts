/**
 * Chooses the converter from configuration, and says in the log which one is in use.
 * The warm pool falls back to one soffice per call when its bridge cannot start
 * (no python3-uno, no soffice.bin), so the service works wherever LibreOffice does.
 */
import type { Config } from '../shared/config.js';
import type { Logger } from '../shared/logger.js';
import type { Metrics } from '../metrics/metrics.js';
import type { ConvertOptions, Converter, OfficeDocument } from './converter.js';
import { createPerCallConverter } from './per-call-converter.js';
import { createLibreOfficePool } from './pool/libreoffice-pool.js';

export function createConverter(config: Config['conversion'], logger: Logger, metrics?: Metrics): Converter {
  const perCall = () => createPerCallConverter({ ...config, metrics });
  if (config.kind === 'per-call') {
    logger.info({ converter: 'per-call' }, 'PDF converter: one LibreOffice process per conversion (configured)');
    return perCall();
  }
  const pool = createLibreOfficePool({ ...config, logger, metrics });
  return withFallback(pool, perCall, logger);
}

/** Runs the pool; if it cannot start, switches to the per-call converter for good. */
function withFallback(primary: Converter, fallback: () => Converter, logger: Logger): Converter {
  let active = primary;
  return {
    get kind() {
      return active.kind;
    },
    async start() {
      try {
        await primary.start();
        logger.info({ converter: primary.kind }, 'PDF converter: warm LibreOffice pool over UNO');
      } catch (err) {
        logger.warn({ err, converter: 'per-call' }, 'PDF converter: the LibreOffice pool could not start; falling back to one LibreOffice process per conversion');
        active = fallback();
        await active.start();
      }
    },
    isReady: () => active.isReady(),
    toPdf: (document: OfficeDocument, options?: ConvertOptions) => active.toPdf(document, options),
    docxToPdf: (docx: Buffer, options?: ConvertOptions) => active.docxToPdf(docx, options),
    docxToOdt: (docx: Buffer) => active.docxToOdt(docx),
    close: () => active.close(),
  };
}
