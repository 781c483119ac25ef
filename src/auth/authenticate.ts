/**
 * The authentication in front of every route, as three middlewares the app mounts once:
 * `identify` finds who is calling (a key, a session cookie, or in development mode the
 * developer), `limit` counts the request against that identity or, before login, against the
 * address, and `enforce` applies the access policy: 401 (or, for a page, a redirect to login)
 * without an identity, 403 without the role, 403 for a state-changing request from a session
 * without its CSRF token.
 */
import type { Request, RequestHandler, Response } from 'express';
import { AppError } from '../shared/errors.js';
import type { SessionRecord } from './auth-stores.js';
import { describeRoles, type Access, type AccessPolicy, AUTH_PATHS } from './access-policy.js';
import { hasAnyRole, setRequestIdentity, type Identity } from './identity.js';
import { csrfMatches, type Sessions } from './sessions.js';

export const CSRF_HEADER = 'X-CSRF-Token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

interface Found {
  access: Access;
  identity?: Identity;
  session?: SessionRecord;
  /** A key was presented and is not (or no longer) configured. */
  badKey?: boolean;
}

export interface AuthenticateDeps {
  policy: AccessPolicy;
  verifyKey: (key: string) => Identity | undefined;
  /** Undefined when people cannot log in (no OIDC configured). */
  sessions: Sessions | undefined;
  /** Set in development mode: everyone is this identity. */
  development: Identity | undefined;
}

export interface Authentication {
  identify: RequestHandler;
  enforce: RequestHandler;
  /** The identity `identify` found, before `enforce` has passed it (for the rate limit). */
  identityOf(req: Request): Identity | undefined;
  accessOf(req: Request): Access | undefined;
  /** The request's live session, for the login routes. */
  sessionOf(req: Request): SessionRecord | undefined;
}

/** `Authorization: Bearer <key>`; any other scheme counts as a wrong key. */
function bearer(req: Request): string | undefined {
  const header = req.get('authorization');
  if (header === undefined) return undefined;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return m?.[1] ?? '';
}

export function createAuthentication(deps: AuthenticateDeps): Authentication {
  const found = new WeakMap<Request, Found>();

  async function find(req: Request, res: Response): Promise<Found> {
    const access = deps.policy(req.path);
    if (deps.development) return { access, identity: deps.development };
    const key = bearer(req);
    if (key !== undefined) {
      const identity = deps.verifyKey(key);
      return identity ? { access, identity } : { access, badKey: true };
    }
    const session = await deps.sessions?.find(req, res);
    return session ? { access, identity: session.identity, session } : { access };
  }

  function refuse(req: Request, res: Response, f: Found): AppError | 'redirect' {
    if (f.badKey) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="indsatsplan", error="invalid_token"');
      return new AppError('auth.required', 'API-nøglen er ukendt eller tilbagekaldt.');
    }
    if (f.access.kind === 'page' && deps.sessions) return 'redirect';
    res.setHeader('WWW-Authenticate', 'Bearer realm="indsatsplan"');
    return new AppError(
      'auth.required',
      deps.sessions
        ? 'Log ind på siderne, eller send en API-nøgle i Authorization: Bearer <nøgle>. Er du logget ud, så genindlæs siden.'
        : 'Send en API-nøgle i Authorization: Bearer <nøgle>.',
    );
  }

  function check(req: Request, f: Found & { identity: Identity }): AppError | undefined {
    const { access, identity } = f;
    if (access.kind === 'key' && identity.kind === 'person') {
      return new AppError('auth.forbidden', 'Dette kræver en API-nøgle.');
    }
    if ((access.kind === 'role' || access.kind === 'page') && !hasAnyRole(identity, access.roles)) {
      return new AppError('auth.forbidden', `Dette kræver rollen ${describeRoles(access.roles)}.`);
    }
    // A cookie is sent by the browser on its own; the token only by the service's own pages.
    if (f.session && !SAFE_METHODS.has(req.method) && !csrfMatches(f.session, req.get(CSRF_HEADER))) {
      return new AppError('auth.csrf', 'Siden sendte ikke sit sikkerhedstegn (CSRF). Genindlæs siden, og prøv igen.');
    }
    return undefined;
  }

  return {
    identify: (req, res, next) => {
      find(req, res).then((f) => {
        found.set(req, f);
        next();
      }, next);
    },
    enforce: (req, res, next) => {
      const f = found.get(req) ?? { access: deps.policy(req.path) };
      if (f.access.kind === 'open') {
        if (f.identity) setRequestIdentity(req, f.identity);
        next();
        return;
      }
      if (!f.identity) {
        const refusal = refuse(req, res, f);
        if (refusal === 'redirect') {
          res.redirect(302, `${AUTH_PATHS.login}?returnTo=${encodeURIComponent(req.path)}`);
          return;
        }
        next(refusal);
        return;
      }
      const problem = check(req, { ...f, identity: f.identity });
      if (problem) {
        next(problem);
        return;
      }
      setRequestIdentity(req, f.identity);
      next();
    },
    identityOf: (req) => found.get(req)?.identity,
    accessOf: (req) => found.get(req)?.access,
    sessionOf: (req) => found.get(req)?.session,
  };
}
