/**
 * Who is calling: a case system's API key, a person logged in through the organisation's
 * identity provider, or, with no authentication configured on loopback, the developer.
 * Every request past the authentication middleware has exactly one identity.
 */
import type { Request } from 'express';
import type { Role } from '../shared/roles.js';


/** The roles that may use the plan routes (validate, render, upload, the form). */
export const PLAN_ROLES: readonly Role[] = ['referent', 'coordinator', 'system'];
/** The roles that may invite and distribute. */
export const DISTRIBUTION_ROLES: readonly Role[] = ['coordinator', 'system'];

/** Danish names of the roles, for messages to people. */
export const ROLE_LABELS: Record<Role, string> = {
  referent: 'referent',
  coordinator: 'koordinator',
  system: 'fagsystem',
  operations: 'drift',
};

export interface Identity {
  kind: 'key' | 'person' | 'development';
  /** Stable and unique across kinds: `key:<name>`, `person:<sub>`, `development`. Owns what it prepares. */
  id: string;
  /** The key's name, or the person's name (with the user id) as the audit log shows it. */
  name: string;
  organisation: string;
  roles: Role[];
  /** May name the person it acts for in X-Actor (a key whose entry allows it; the developer). */
  mayNameActor: boolean;
}

export function hasAnyRole(identity: Identity, roles: readonly Role[]): boolean {
  return identity.roles.some((r) => roles.includes(r));
}

export function developmentIdentity(organisation: string): Identity {
  return { kind: 'development', id: 'development', name: 'udvikler', organisation, roles: ['referent', 'coordinator', 'system'], mayNameActor: true };
}

const identities = new WeakMap<Request, Identity>();

export function setRequestIdentity(req: Request, identity: Identity): void {
  identities.set(req, identity);
}

/** The identity the authentication middleware found; a route reached without one is a defect, not a guest. */
export function requestIdentity(req: Request): Identity {
  const identity = identities.get(req);
  if (!identity) throw new Error('request reached a route without an identity');
  return identity;
}

export function findRequestIdentity(req: Request): Identity | undefined {
  return identities.get(req);
}
