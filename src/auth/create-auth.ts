/**
 * Wires authentication from the configuration: API keys, the OIDC login with its sessions
 * (when configured), development mode (when nothing is), the access policy and the rate
 * limit. The app mounts `middleware` before every route and `router` for the login flow.
 */
import type { RequestHandler, Router } from 'express';
import type { AuthConfig } from '../shared/config.js';
import type { Logger } from '../shared/logger.js';
import { createAccessPolicy, type AccessPolicy } from './access-policy.js';
import { createApiKeyVerifier } from './api-keys.js';
import type { AuthStores } from './auth-stores.js';
import { createAuthentication } from './authenticate.js';
import { createAuthRouter } from './auth-routes.js';
import { developmentIdentity } from './identity.js';
import type { Role } from '../shared/roles.js';
import { createOidcLogin, type PersonLogin } from './oidc-login.js';
import { createRateLimit } from './rate-limit.js';
import { createSessions } from './sessions.js';

export interface AuthDeps {
  config: AuthConfig;
  stores: AuthStores;
  logger: Logger;
  /** The web pages and the roles each is for. */
  pages: Record<string, readonly Role[]>;
  /** The page shown after logout. */
  loggedOutPage: string;
  now: () => number;
  /** The OIDC client (default: openid-client against OIDC_ISSUER). */
  personLogin?: PersonLogin;
}

export interface Auth {
  /** identify → rate limit → enforce, before every route. */
  middleware: RequestHandler[];
  router: Router;
  policy: AccessPolicy;
}

export function createAuth(deps: AuthDeps): Auth {
  const { config } = deps;
  const policy = createAccessPolicy({ pages: deps.pages, metricsPublic: config.metricsPublic });
  const oidc = config.oidc;
  const sessions = oidc
    ? createSessions({ store: deps.stores.sessions, secret: oidc.sessionSecret, idleMs: config.session.idleMs, absoluteMs: config.session.absoluteMs, now: deps.now })
    : undefined;
  const authentication = createAuthentication({
    policy,
    verifyKey: createApiKeyVerifier(config.apiKeys, config.organisation),
    sessions,
    development: config.development ? developmentIdentity(config.organisation) : undefined,
  });
  const limit = createRateLimit({
    counter: deps.stores.rateLimits,
    limits: config.rateLimit,
    identityOf: authentication.identityOf,
    // Health probes come every few seconds from the platform and must never be refused.
    skip: (req) => req.path === '/healthz' || req.path === '/readyz',
    logger: deps.logger,
  });
  const router = createAuthRouter({
    authentication,
    login:
      oidc && sessions
        ? {
            person: deps.personLogin ?? createOidcLogin(oidc),
            sessions,
            secret: oidc.sessionSecret,
            publicUrl: oidc.publicUrl,
            claims: { rolesClaim: oidc.rolesClaim, organisationClaim: oidc.organisationClaim, defaultOrganisation: config.organisation },
          }
        : undefined,
    pages: Object.keys(deps.pages),
    loggedOutPage: deps.loggedOutPage,
    now: deps.now,
    logger: deps.logger,
  });
  return { middleware: [authentication.identify, limit, authentication.enforce], router, policy };
}
