/**
 * Who acted, as the audit log records it, from the request's identity:
 * - a person: the name and user id from the ID token, "Anne Koordinator (akoo)";
 * - an API key: its name, "sbsys (API-nøgle)";
 * - a key whose entry allows X-Actor (a case system acting for a named person), with the
 *   header: "Anne Koordinator (akoo), angivet af API-nøglen sbsys" (the name is the key's
 *   word, the key is ours); from any other key the header is ignored;
 * - development mode (no login): the header as asserted, or "ukendt (ingen X-Actor)".
 */
import type { Request } from 'express';
import { redactCpr } from '../shared/redact.js';
import { requestIdentity } from './identity.js';

export const ACTOR_HEADER = 'X-Actor';
export const UNKNOWN_ACTOR = 'ukendt (ingen X-Actor)';

/** The header as the OpenAPI document describes it, on every route that records an actor. */
export const ACTOR_PARAMETER = {
  name: ACTOR_HEADER,
  in: 'header' as const,
  description:
    'Den person, et fagsystem handler for, til revisionssporet (fx "Anne Koordinator (akoo)"). Gælder kun fra en API-nøgle, hvis indgang har x-actor, og registreres som "…, angivet af API-nøglen <navn>"; ellers ignoreres den.',
};
const MAX_ACTOR_LENGTH = 120;

/** The X-Actor header, cleaned; undefined when absent or empty. */
function namedActor(req: Request): string | undefined {
  const header = req.get(ACTOR_HEADER) ?? '';
  // Node reads header bytes as Latin-1; a UTF-8 name ("Søren") is decoded back where it is valid.
  const utf8 = Buffer.from(header, 'latin1').toString('utf8');
  const raw = utf8.includes('\uFFFD') ? header : utf8;
  // Control characters could forge lines in an exported log; a CPR number has no place in it.
  // eslint-disable-next-line no-control-regex
  const clean = redactCpr(raw.replace(/[\u0000-\u001f\u007f]/g, ' ').trim()).slice(0, MAX_ACTOR_LENGTH);
  return clean || undefined;
}

export function requestActor(req: Request): string {
  const identity = requestIdentity(req);
  const named = identity.mayNameActor ? namedActor(req) : undefined;
  switch (identity.kind) {
    case 'person':
      return identity.name;
    case 'key':
      return named ? `${named}, angivet af API-nøglen ${identity.name}` : `${identity.name} (API-nøgle)`;
    case 'development':
      return named ?? UNKNOWN_ACTOR;
  }
}
