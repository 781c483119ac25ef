/**
 * A person's identity from the claims of the ID token: the user id, the name, the
 * organisation and the roles, read from claims the configuration names. A nested claim is
 * named with dots (Keycloak's `realm_access.roles`).
 */
import type { Identity } from './identity.js';
import type { Role } from '../shared/roles.js';

/** The roles a person can have; `system` and `operations` belong to keys. */
const PERSON_ROLES: readonly Role[] = ['referent', 'coordinator'];

export interface ClaimNames {
  rolesClaim: string;
  organisationClaim: string;
  /** ORGANISATION_NAME, for a person whose token names none. */
  defaultOrganisation: string;
}

function claimAt(claims: Record<string, unknown>, name: string): unknown {
  if (name in claims) return claims[name];
  let v: unknown = claims;
  for (const key of name.split('.')) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

/** The roles named in a claim: a list, or one string separated by spaces or commas; case does not matter. */
export function rolesFromClaim(value: unknown): Role[] {
  const items = Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : typeof value === 'string' ? value.split(/[\s,]+/) : [];
  const named = new Set(items.map((s) => s.trim().toLowerCase()));
  return PERSON_ROLES.filter((r) => named.has(r));
}

/** The person's identity; `roles` is empty when the token grants none of this service's roles. */
export function personIdentity(claims: Record<string, unknown>, names: ClaimNames): Identity {
  const subject = text(claims.sub) ?? '';
  const userId = text(claims.preferred_username) ?? subject;
  const fullName = text(claims.name) ?? ([text(claims.given_name), text(claims.family_name)].filter(Boolean).join(' ') || userId);
  return {
    kind: 'person',
    id: `person:${subject}`,
    // As the audit log shows a person: "Anne Koordinator (akoo)".
    name: fullName === userId ? fullName : `${fullName} (${userId})`,
    organisation: text(claimAt(claims, names.organisationClaim)) ?? names.defaultOrganisation,
    roles: rolesFromClaim(claimAt(claims, names.rolesClaim)),
    mayNameActor: false,
  };
}
