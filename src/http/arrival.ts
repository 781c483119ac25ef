/**
 * When each request arrived, for the Server-Timing of a PDF answer: `recordArrival()` is the
 * app's first middleware, `arrivalOf(req)` reads it back (undefined for a request it never saw).
 * Kept beside the request, not on it, so nothing else can read or change it.
 */
import type { IncomingMessage } from 'node:http';
import type { RequestHandler } from 'express';

const arrivals = new WeakMap<IncomingMessage, number>();

export function recordArrival(): RequestHandler {
  return (req, _res, next) => {
    arrivals.set(req, performance.now());
    next();
  };
}

export function arrivalOf(req: IncomingMessage): number | undefined {
  return arrivals.get(req);
}
