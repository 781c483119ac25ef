/**
 * The web pages for referents and coordinators: static HTML and plain JavaScript that
 * call the same public API as the case systems do. Nothing is rendered on the server,
 * so no plan data ever ends up in a URL or a server-side page cache. The headers (the
 * strict content security policy among them) are set for every answer by
 * src/auth/security-headers.ts; who may open which page, by src/auth/access-policy.ts.
 */
import path from 'node:path';
import express, { Router } from 'express';
import { PROJECT_ROOT } from '../shared/paths.js';
import { DISTRIBUTION_ROLES, PLAN_ROLES } from '../auth/identity.js';
import type { Role } from '../shared/roles.js';

export const WEB_ROOT = path.join(PROJECT_ROOT, 'src', 'web', 'public');

/** Each page, its file, and the roles it is for. */
export const PAGES: Record<string, { file: string; roles: readonly Role[] }> = {
  '/': { file: 'index.html', roles: PLAN_ROLES },
  '/referent': { file: 'referent.html', roles: PLAN_ROLES },
  '/invitation': { file: 'invitation.html', roles: DISTRIBUTION_ROLES },
  '/udsendelse': { file: 'udsendelse.html', roles: DISTRIBUTION_ROLES },
  '/opfoelgning': { file: 'opfoelgning.html', roles: DISTRIBUTION_ROLES },
};

/** Shown after logout, to anyone. */
export const LOGGED_OUT_PAGE = path.join(WEB_ROOT, 'logget-ud.html');

export function createWebRouter(): Router {
  const router = Router();
  for (const [route, page] of Object.entries(PAGES)) {
    router.get(route, (_req, res) => {
      res.sendFile(path.join(WEB_ROOT, page.file));
    });
  }
  // `no-cache`: the browser keeps the files but asks each time (an ETag, 304 when unchanged).
  // The pages' modules import each other; an older copy of one beside a new copy of another
  // after an update would break a page, so none is used without asking.
  router.use('/static', express.static(WEB_ROOT, { index: false, cacheControl: false, setHeaders: (res) => res.setHeader('Cache-Control', 'no-cache') }));
  return router;
}
