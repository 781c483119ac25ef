/**
 * The login flow for people, and what the pages ask about it:
 * - GET /auth/login?returnTo=/referent: to the identity provider (PKCE, state, nonce sealed in a cookie);
 * - GET /auth/callback: back from it; checks the answer, starts the session, back to the page;
 * - GET /auth/session: who is logged in, the CSRF token the pages send, development mode;
 * - POST /auth/logout: ends the session (and names where to end the provider's);
 * - GET /auth/logged-out: the page after logout.
 */
import path from 'node:path';
import { Router, type Request } from 'express';
import { AppError } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import { AUTH_PATHS } from './access-policy.js';
import { clearCookie, LOGIN_COOKIE, readCookie, seal, setCookie, unseal } from './cookies.js';
import { requestIdentity, type Identity } from './identity.js';
import type { PendingLogin, PersonLogin } from './oidc-login.js';
import { personIdentity, type ClaimNames } from './person-identity.js';
import type { Sessions } from './sessions.js';
import { CSRF_HEADER, type Authentication } from './authenticate.js';
import type { RouteDoc } from '../openapi/build-openapi.js';
import { z } from 'zod';

export interface AuthRouteDeps {
  authentication: Authentication;
  /** Undefined without OIDC: people cannot log in. */
  login: { person: PersonLogin; sessions: Sessions; secret: string; publicUrl: string; claims: ClaimNames } | undefined;
  /** The pages a login may return to. */
  pages: string[];
  /** The HTML page shown after logout. */
  loggedOutPage: string;
  now: () => number;
  logger: Logger;
}

/** How long a login at the provider may take before it must start again. */
const LOGIN_TTL_MS = 10 * 60_000;

interface SealedLogin extends PendingLogin {
  returnTo: string;
}

export function createAuthRouter(deps: AuthRouteDeps): Router {
  const router = Router();
  const returnTo = (req: Request) => {
    const wanted = typeof req.query.returnTo === 'string' ? req.query.returnTo : '/';
    // Only the service's own pages: never an address someone else chose.
    return deps.pages.includes(wanted) ? wanted : '/';
  };
  const needLogin = () => {
    if (!deps.login) throw new AppError('auth.unavailable', 'Login for medarbejdere er ikke sat op på denne tjeneste (OIDC_ISSUER). Fagsystemer bruger en API-nøgle.');
    return deps.login;
  };

  router.get(AUTH_PATHS.login, async (req, res) => {
    const login = needLogin();
    const { url, pending } = await login.person.begin();
    const sealed: SealedLogin = { ...pending, returnTo: returnTo(req) };
    setCookie(res, LOGIN_COOKIE, seal(login.secret, sealed, deps.now() + LOGIN_TTL_MS), LOGIN_TTL_MS / 1000);
    res.redirect(302, url);
  });

  router.get(AUTH_PATHS.callback, async (req, res) => {
    const login = needLogin();
    const pending = unseal<SealedLogin>(login.secret, readCookie(req, LOGIN_COOKIE), deps.now());
    clearCookie(res, LOGIN_COOKIE);
    if (!pending) throw new AppError('auth.login-failed', 'Login tog for lang tid eller blev startet i en anden browser. Prøv at logge ind igen.');
    const url = new URL(req.originalUrl, login.publicUrl);
    const { claims, idToken } = await login.person.complete(url, pending);
    const identity = personIdentity(claims, login.claims);
    if (identity.roles.length === 0) {
      deps.logger.info({ person: identity.id }, 'login refused: no role');
      throw new AppError('auth.forbidden', 'Din bruger har ingen rolle i indsatsplan (referent eller koordinator). Kontakt den, der tildeler adgang i din organisation.');
    }
    await login.sessions.start(req, res, identity, idToken);
    deps.logger.info({ person: identity.id, roles: identity.roles }, 'logged in');
    res.redirect(302, pending.returnTo);
  });

  router.get(AUTH_PATHS.session, (req, res) => {
    const identity: Identity = requestIdentity(req);
    const session = deps.authentication.sessionOf(req);
    res.json({
      development: identity.kind === 'development',
      identity: { kind: identity.kind, name: identity.name, organisation: identity.organisation, roles: identity.roles },
      ...(session ? { csrfToken: session.csrfToken } : {}),
      canLogOut: session !== undefined,
    });
  });

  router.post(AUTH_PATHS.logout, async (req, res) => {
    const login = deps.login;
    const ended = login ? await login.sessions.end(req, res) : undefined;
    const loggedOut = `${login?.publicUrl ?? ''}${AUTH_PATHS.loggedOut}`;
    if (ended) deps.logger.info({ person: ended.identity.id }, 'logged out');
    const providerLogout = ended && login ? await login.person.logoutUrl(ended.idToken, loggedOut) : undefined;
    res.json({ next: providerLogout ?? AUTH_PATHS.loggedOut });
  });

  router.get(AUTH_PATHS.loggedOut, (_req, res) => {
    res.sendFile(path.resolve(deps.loggedOutPage));
  });

  return router;
}

export const SessionInfoSchema = z
  .object({
    development: z.boolean().meta({ description: 'Udviklingstilstand: ingen login er sat op, og alle er udvikleren' }),
    identity: z.object({
      kind: z.enum(['key', 'person', 'development']),
      name: z.string(),
      organisation: z.string(),
      roles: z.array(z.string()),
    }),
    csrfToken: z.string().optional().meta({ description: `Sendes i ${CSRF_HEADER} med hver forespørgsel, der ændrer noget (kun ved login på siderne)` }),
    canLogOut: z.boolean(),
  })
  .meta({ id: 'SessionInfo' });

const tags = ['Adgang'];
export const authRouteDocs: RouteDoc[] = [
  {
    method: 'get', path: AUTH_PATHS.session, tags,
    summary: 'Hvem er logget ind (eller hvilken nøgle), og sidernes CSRF-token',
    responses: { '200': { description: 'Den kaldendes identitet', json: SessionInfoSchema } },
  },
  {
    method: 'post', path: AUTH_PATHS.logout, tags,
    summary: 'Log ud: afslutter sessionen på serveren',
    description: 'Svarer med { next }: hvor browseren skal hen for også at logge ud hos organisationens login, ellers siden for udlogget.',
    responses: { '200': { description: 'Sessionen er afsluttet' } },
  },
  {
    method: 'get', path: AUTH_PATHS.login, tags,
    summary: 'Log ind hos organisationens login (OpenID Connect); for browsere',
    parameters: [{ name: 'returnTo', in: 'query', description: 'Den side, der skal vises efter login, fx /referent' }],
    responses: { '302': { description: 'Videre til organisationens login' }, '503': { description: 'Login er ikke sat op, eller organisationens login svarer ikke', problem: true } },
  },
];
