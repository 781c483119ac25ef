/**
 * Who may reach what, decided for the whole app in one place from the request's path, before
 * any route runs: a route added later is covered by the rule of its path, and a path no rule
 * names needs the strictest roles. The OpenAPI document states the same rules
 * (openApiSecurity), so an integrator's client sends what the service asks for.
 */
import { DISTRIBUTION_ROLES, PLAN_ROLES, ROLE_LABELS } from './identity.js';
import type { Role } from '../shared/roles.js';

export type Access =
  /** Anyone: health probes, the login flow, the pages' static files. */
  | { kind: 'open' }
  /** An API key, any role (a monitoring system's scrape). */
  | { kind: 'key' }
  /** Any identity: a key or a logged-in person. */
  | { kind: 'identified' }
  /** A web page: a logged-in person (else a redirect to login) with one of the roles. */
  | { kind: 'page'; roles: readonly Role[] }
  /** An API route: a key or a person with one of the roles. */
  | { kind: 'role'; roles: readonly Role[] };

export type AccessPolicy = (path: string) => Access;

export interface PolicyOptions {
  /** The web pages and the roles each is for. */
  pages: Record<string, readonly Role[]>;
  /** METRICS_PUBLIC: /metrics and /openapi.json open to anyone. */
  metricsPublic: boolean;
}

/** The paths of the login flow (src/auth/auth-routes.ts). */
export const AUTH_PATHS = {
  login: '/auth/login',
  callback: '/auth/callback',
  logout: '/auth/logout',
  session: '/auth/session',
  loggedOut: '/auth/logged-out',
} as const;

/**
 * Express matches routes case-insensitively and ignores a trailing slash: the policy must see
 * the path as the router will, or `/API/distributions` could slip past a rule.
 */
export function normalisePath(path: string): string {
  const p = path.toLowerCase().replace(/\/{2,}/g, '/').replace(/\/+$/, '');
  return p === '' ? '/' : p;
}

export function createAccessPolicy(options: PolicyOptions): AccessPolicy {
  const pages = new Map(Object.entries(options.pages).map(([p, roles]) => [normalisePath(p), roles]));
  const open = new Set<string>(['/healthz', '/readyz', AUTH_PATHS.login, AUTH_PATHS.callback, AUTH_PATHS.loggedOut]);
  const strictest: Access = { kind: 'role', roles: DISTRIBUTION_ROLES };
  return (rawPath) => {
    const path = normalisePath(rawPath);
    // Dot segments and escapes are not part of any route; whatever they might be read as, the strictest rule.
    if (/(^|\/)\.\.?(\/|$)/.test(path) || path.includes('%')) return strictest;
    if (open.has(path) || path.startsWith('/static/')) return { kind: 'open' };
    if (path === '/metrics') return options.metricsPublic ? { kind: 'open' } : { kind: 'key' };
    if (path === '/openapi.json') return options.metricsPublic ? { kind: 'open' } : { kind: 'identified' };
    if (path === AUTH_PATHS.session || path === AUTH_PATHS.logout) return { kind: 'identified' };
    const pageRoles = pages.get(path);
    if (pageRoles) return { kind: 'page', roles: pageRoles };
    if (path.startsWith('/api/plans/')) return { kind: 'role', roles: PLAN_ROLES };
    // Invitations, distributions, and anything not named above.
    return strictest;
  };
}

export function describeRoles(roles: readonly Role[]): string {
  const names = roles.map((r) => ROLE_LABELS[r]);
  return names.length > 1 ? `${names.slice(0, -1).join(', ')} eller ${names.at(-1)}` : (names[0] ?? '');
}
