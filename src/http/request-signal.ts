/**
 * An AbortSignal that fires when the client goes away before its answer is sent, so a
 * conversion gives up its place in the queue, or is stopped: `converter.docxToPdf(docx,
 * { signal: requestSignal(res) })`. The converter knows the signal only, never Express.
 */
import type { Response } from 'express';

export function requestSignal(res: Response): AbortSignal {
  const controller = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) controller.abort();
  });
  return controller.signal;
}
