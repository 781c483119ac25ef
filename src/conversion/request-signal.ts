/**
 * An AbortSignal that fires when the client goes away before its answer is sent, so a
 * conversion still waiting in the queue gives up its place: `converter.docxToPdf(docx,
 * { signal: requestSignal(res) })`.
 */
import type { Response } from 'express';

export function requestSignal(res: Response): AbortSignal {
  const controller = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) controller.abort();
  });
  return controller.signal;
}
