/**
 * Fills a document and converts it to PDF for an HTTP answer: the conversion gives up its
 * place in the queue, or its worker, if the client goes away, and the answer says where its time went in
 * a Server-Timing header (`fill;dur=5.1, pdf;dur=80.3`, in ms): filling the template, and
 * LibreOffice with its queue. Browsers show it in their developer tools; the benchmark
 * uses it to tell the service's own time from LibreOffice's.
 */
import type { Response } from 'express';
import type { Converter, OfficeDocument } from '../conversion/converter.js';
import { requestSignal } from './request-signal.js';

export async function convertForResponse(res: Response, converter: Converter, fill: () => OfficeDocument): Promise<Buffer> {
  const started = performance.now();
  const document = fill();
  const filled = performance.now();
  const pdf = await converter.toPdf(document, { signal: requestSignal(res) });
  res.setHeader('Server-Timing', `fill;dur=${(filled - started).toFixed(1)}, pdf;dur=${(performance.now() - filled).toFixed(1)}`);
  return pdf;
}
