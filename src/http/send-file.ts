/** A generated document as the answer to a request. */
import type { Response } from 'express';

/**
 * Sends a generated file. The name must never carry a CPR number or a diagnosis:
 * callers build it from dates and fixed words only.
 */
export function sendFile(res: Response, body: Buffer, contentType: string, fileName: string, disposition: 'attachment' | 'inline' = 'attachment'): void {
  res.setHeader('Content-Type', contentType);
  res.setHeader('Content-Disposition', `${disposition}; filename="${fileName}"`);
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Content-Length', String(body.length));
  res.end(body);
}
