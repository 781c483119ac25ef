/**
 * Fills a document and converts it to PDF for an HTTP answer: the conversion gives up its
 * place in the queue, or its worker, if the client goes away, and the answer says where its time went in
 * a Server-Timing header (`prepare;dur=1.9, fill;dur=5.1, pdf;dur=80.3`, in ms): from the request's
 * arrival to the fill (its body read, access, validation), filling the template, and LibreOffice
 * with its queue. Browsers show it in their developer tools; the benchmark uses it to tell the
 * service's own time from LibreOffice's, and the rest of a request's latency (HTTP both ways, the
 * answer written) from both.
 */
import type { Response } from 'express';
import type { Converter, OfficeDocument } from '../conversion/converter.js';
import { requestSignal } from './request-signal.js';
import { arrivalOf } from './arrival.js';

export async function convertForResponse(res: Response, converter: Converter, fill: () => OfficeDocument): Promise<Buffer> {
  const started = performance.now();
  const document = fill();
  const filled = performance.now();
  const pdf = await converter.toPdf(document, { signal: requestSignal(res) });
  const arrived = arrivalOf(res.req);
  const parts = [`fill;dur=${(filled - started).toFixed(1)}`, `pdf;dur=${(performance.now() - filled).toFixed(1)}`];
  if (arrived !== undefined) parts.unshift(`prepare;dur=${(started - arrived).toFixed(1)}`);
  res.setHeader('Server-Timing', parts.join(', '));
  return pdf;
}
