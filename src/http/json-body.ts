/** Small HTTP helpers shared by the capability routers. */
import express, { type RequestHandler, type Response } from 'express';
import { AppError } from '../shared/errors.js';

/** Parses a JSON body, answering 415 for any other content type and 413 past the limit. */
export function jsonBody(limitBytes: number): RequestHandler[] {
  const parse = express.json({ limit: limitBytes, type: ['application/json', 'application/*+json'] });
  const requireJson: RequestHandler = (req, _res, next) => {
    if (!req.is(['application/json', 'application/*+json'])) {
      next(new AppError('request.unsupported-media-type', 'Send indholdet som JSON med Content-Type: application/json.'));
      return;
    }
    next();
  };
  return [requireJson, parse];
}

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

export const MIME = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  zip: 'application/zip',
  ics: 'text/calendar; charset=utf-8; method=REQUEST',
  json: 'application/json; charset=utf-8',
} as const;
