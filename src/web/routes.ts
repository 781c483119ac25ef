/**
 * The web pages for referents and coordinators: static HTML and plain JavaScript that
 * call the same public API as the case systems do. Nothing is rendered on the server,
 * so no plan data ever ends up in a URL or a server-side page cache.
 */
import path from 'node:path';
import express, { Router } from 'express';
import { PROJECT_ROOT } from '../shared/paths.js';

export const WEB_ROOT = path.join(PROJECT_ROOT, 'src', 'web', 'public');

const PAGES: Record<string, string> = {
  '/': 'index.html',
  '/referent': 'referent.html',
  '/invitation': 'invitation.html',
  '/udsendelse': 'udsendelse.html',
};

export function createWebRouter(): Router {
  const router = Router();
  router.use((_req, res, next) => {
    res.setHeader(
      'Content-Security-Policy',
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
    );
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    next();
  });
  for (const [route, file] of Object.entries(PAGES)) {
    router.get(route, (_req, res) => {
      res.sendFile(path.join(WEB_ROOT, file));
    });
  }
  router.use('/static', express.static(WEB_ROOT, { index: false, maxAge: '1h' }));
  return router;
}
