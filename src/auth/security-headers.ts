/**
 * The headers on every answer, API and pages alike (helmet): the pages' strict content
 * security policy (nothing but the service's own scripts, styles and connections; no
 * framing), nosniff, no referrer, HSTS. And no answer may be kept by a browser or a proxy
 * cache, since plans, documents and distributions carry personal data: `no-store`, except
 * on the pages' static files, which carry none.
 */
import type { RequestHandler } from 'express';
import helmet from 'helmet';

export const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  frameAncestors: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
};

export function securityHeaders(): RequestHandler[] {
  const headers = helmet({
    contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY },
    referrerPolicy: { policy: 'no-referrer' },
    xFrameOptions: { action: 'deny' },
  });
  const noStore: RequestHandler = (req, res, next) => {
    if (!req.path.startsWith('/static/')) res.setHeader('Cache-Control', 'no-store');
    next();
  };
  return [headers, noStore];
}
