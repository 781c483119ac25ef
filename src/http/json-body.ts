/** The JSON body of a request, parsed within a limit, for the capability routers. */
import express, { type RequestHandler } from 'express';
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
