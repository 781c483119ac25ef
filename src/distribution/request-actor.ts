/**
 * Who is acting, for the audit log. The service has no login of its own: it runs behind
 * the organisation's authenticating proxy or is called by a case-management system,
 * which names the person in the `X-Actor` header (e.g. "Anne Koordinator (akoo)").
 * The header is recorded as asserted by the caller, not verified here; without it the
 * audit log says so rather than guessing.
 */
import type { Request } from 'express';
import { redactCpr } from '../shared/redact.js';

export const ACTOR_HEADER = 'X-Actor';
export const UNKNOWN_ACTOR = 'ukendt (ingen X-Actor)';
const MAX_ACTOR_LENGTH = 120;

export function requestActor(req: Request): string {
  const header = req.get(ACTOR_HEADER) ?? '';
  // Node reads header bytes as Latin-1; a UTF-8 name ("Søren") is decoded back where it is valid.
  const utf8 = Buffer.from(header, 'latin1').toString('utf8');
  const raw = utf8.includes('\uFFFD') ? header : utf8;
  // Control characters could forge lines in an exported log; a CPR number has no place in it.
  // eslint-disable-next-line no-control-regex
  const clean = redactCpr(raw.replace(/[\u0000-\u001f\u007f]/g, ' ').trim()).slice(0, MAX_ACTOR_LENGTH);
  return clean || UNKNOWN_ACTOR;
}
