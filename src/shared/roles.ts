/**
 * The roles a caller may have, named in the configuration (API key entries) and in the
 * identity provider's claim; what each may do is src/auth/access-policy.ts.
 *
 * `referent`: validate, render, upload, the form. `coordinator`: also invitations and
 * distributions, the organisation's as well as its own. `system`: what a coordinator may,
 * for what it prepared itself. `operations`: only /metrics and /openapi.json (a monitoring
 * system's key that can send nothing).
 */
export const ROLES = ['referent', 'coordinator', 'system', 'operations'] as const;
export type Role = (typeof ROLES)[number];
