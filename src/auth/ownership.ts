/**
 * Who may see and send a distribution: the identity that prepared it, and the coordinators of
 * the organisation it was prepared for. To anyone else it does not exist (404, not 403), so
 * that an id guessed or overheard reveals nothing, not even that it is in use.
 */
import type { Identity } from './identity.js';

export interface Owner {
  id: string;
  organisation: string;
}

/** What a new distribution records about who prepared it. */
export function ownerOf(identity: Identity): Owner {
  return { id: identity.id, organisation: identity.organisation };
}

export function mayUse(identity: Identity, owner: Owner): boolean {
  if (owner.id === identity.id) return true;
  return identity.roles.includes('coordinator') && owner.organisation !== '' && owner.organisation === identity.organisation;
}
