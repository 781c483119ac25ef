/**
 * The access policy as the OpenAPI document states it: two security schemes (a case system's
 * API key as a bearer token; a person's session cookie, with its CSRF header) and, per route,
 * which of them it takes and which roles (OpenAPI 3.1 lets a non-OAuth requirement list roles).
 */
import type { ResponseDoc, RouteDoc, SecurityDoc } from '../openapi/build-openapi.js';
import { describeRoles, type AccessPolicy } from './access-policy.js';
import { CSRF_HEADER } from './authenticate.js';
import { SESSION_COOKIE } from './cookies.js';

export const SECURITY_SCHEMES = {
  apiKey: {
    type: 'http',
    scheme: 'bearer',
    description: 'Fagsystemets API-nøgle: Authorization: Bearer <nøgle>. Tjenesten kender kun nøglens SHA-256 (API_KEYS).',
  },
  session: {
    type: 'apiKey',
    in: 'cookie',
    name: SESSION_COOKIE,
    description: `En medarbejders login på siderne (OpenID Connect). Forespørgsler, der ændrer noget, skal have ${CSRF_HEADER} med tokenet fra GET /auth/session.`,
  },
};

const UNAUTHORIZED: ResponseDoc = { description: 'Ingen eller ukendt API-nøgle, eller intet gyldigt login', problem: true, headers: { 'WWW-Authenticate': 'Bearer' } };
const FORBIDDEN: ResponseDoc = { description: 'Nøglen eller brugeren har ikke rollen, eller CSRF-tokenet mangler', problem: true };
const RATE_LIMITED: ResponseDoc = { description: 'For mange forespørgsler; prøv igen efter Retry-After', problem: true, headers: { 'Retry-After': 'Sekunder' } };

export function openApiSecurity(policy: AccessPolicy): SecurityDoc {
  return {
    schemes: SECURITY_SCHEMES,
    forRoute(route: RouteDoc): ReturnType<SecurityDoc['forRoute']> {
      // A path template's {id} stands for any value; the policy decides by the path's shape.
      const access = policy(route.path.replace(/\{[^}]+\}/g, 'x'));
      switch (access.kind) {
        case 'open':
          return { security: [], responses: {} };
        case 'key':
          return { security: [{ apiKey: [] }], responses: { '401': UNAUTHORIZED, '403': FORBIDDEN, '429': RATE_LIMITED }, note: 'Kræver en API-nøgle.' };
        case 'identified':
          return { security: [{ apiKey: [] }, { session: [] }], responses: { '401': UNAUTHORIZED, '429': RATE_LIMITED } };
        case 'role':
        case 'page':
          return {
            security: [{ apiKey: [...access.roles] }, { session: [...access.roles] }],
            responses: { '401': UNAUTHORIZED, '403': FORBIDDEN, '429': RATE_LIMITED },
            note: `Kræver rollen ${describeRoles(access.roles)}.`,
          };
      }
    },
  };
}
