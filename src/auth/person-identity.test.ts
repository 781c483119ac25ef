import { describe, expect, it } from 'vitest';
import { personIdentity, rolesFromClaim } from './person-identity.js';

const names = { rolesClaim: 'roles', organisationClaim: 'organisation', defaultOrganisation: 'Kommunen' };

describe('a person from the ID token', () => {
  it('takes the name, user id, organisation and roles from the claims', () => {
    const claims = { sub: 'a1b2', preferred_username: 'akoo', name: 'Anne Koordinator', organisation: 'Region Sjælland', roles: ['coordinator', 'admin'] };
    expect(personIdentity(claims, names)).toEqual({
      kind: 'person', id: 'person:a1b2', name: 'Anne Koordinator (akoo)', organisation: 'Region Sjælland', roles: ['coordinator'], mayNameActor: false,
    });
  });

  it('reads nested claims, string lists, and falls back where a claim is missing', () => {
    const keycloak = { sub: 'x', given_name: 'Rie', family_name: 'Referent', realm_access: { roles: ['Referent'] } };
    const rie = personIdentity(keycloak, { ...names, rolesClaim: 'realm_access.roles' });
    expect(rie).toMatchObject({ name: 'Rie Referent (x)', organisation: 'Kommunen', roles: ['referent'] });
    expect(rolesFromClaim('referent coordinator')).toEqual(['referent', 'coordinator']);
    expect(rolesFromClaim('referent,system')).toEqual(['referent']);
    expect(rolesFromClaim(undefined)).toEqual([]);
    expect(personIdentity({ sub: 'y' }, names).roles).toEqual([]);
  });
});
