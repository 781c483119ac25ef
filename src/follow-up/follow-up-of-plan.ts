/**
 * What a distributed plan's follow-up keeps, taken from the validated plan when its
 * distribution is prepared: the follow-up and meeting dates, the coordinator's and the
 * participants' names, organisations and secure e-mail addresses, and the citizen's name.
 * Nothing else of the plan: no CPR number, no diagnosis, none of its text, no phone numbers,
 * titles or addresses, no relatives and no GP.
 */
import { createHmac } from 'node:crypto';
import type { Owner } from '../auth/ownership.js';
import { parseIsoDate } from '../shared/dates.js';
import { checkCpr } from '../plan/cpr.js';
import type { Contact, Plan } from '../plan/schema.js';
import { redactCpr } from '../shared/redact.js';
import { safeUuid } from '../distribution/safe-id.js';
import type { FollowUpPerson, NewFollowUp } from './follow-up-store.js';

/** Free text from a form field, cleaned; a CPR number typed into a name field is not kept. */
const clean = (s: string) => redactCpr(s.replace(/\s+/g, ' ').trim());
const person = (c: Pick<Contact, 'name' | 'organisation' | 'email'>): FollowUpPerson => ({
  name: clean(c.name),
  organisation: clean(c.organisation),
  email: c.email.trim(),
});

/**
 * The follow-up of a plan about to be distributed; undefined for a draft or a plan without both
 * dates. `matchSecret` keys its match key (followUpMatchKey).
 */
export function followUpOfPlan(plan: Plan, distributionId: string, owner: Owner, matchSecret: string): NewFollowUp | undefined {
  if (plan.status !== 'final' || !plan.followUpDate || !plan.meetingDate) return undefined;
  if (!parseIsoDate(plan.followUpDate) || !parseIsoDate(plan.meetingDate)) return undefined;
  const coordinator = person(plan.coordinator);
  return {
    id: safeUuid(),
    distributionId,
    followUpDate: plan.followUpDate,
    meetingDate: plan.meetingDate,
    citizenName: clean(plan.citizen.name),
    coordinator,
    participants: plan.participants.map(person).filter((p) => p.name || p.email),
    matchKey: followUpMatchKey(matchSecret, coordinator, plan.citizen),
    owner,
  };
}

/**
 * Same coordinator and citizen: the coordinator's secure e-mail address (their name without
 * one), case and spacing aside, and the citizen's CPR number, so that two citizens of the same
 * name are never taken for one. The store must never hold a CPR number, and a plain hash of
 * one is undone by trying every number (about 10^10), so the key is an HMAC-SHA256 under a
 * secret (FOLLOW_UP_MATCH_SECRET, or on SQLite one generated once into DATA_DIR, never the
 * database: match-secret.ts).
 *
 * Only a plan without a valid CPR number is matched by the citizen's name instead (case and
 * spacing aside). The schema lets one through (the field is free text), but the plan rules make
 * a missing or malformed CPR number an error and a plan with errors is never distributed, so
 * this is a fallback for plans that did not come through validation. The two kinds of key are
 * apart (`cpr:` and `name:`): a name never matches a CPR number.
 */
export function followUpMatchKey(secret: string, coordinator: FollowUpPerson, citizen: Pick<Plan['citizen'], 'name' | 'cpr'>): string {
  const norm = (s: string) => s.normalize('NFC').replace(/\s+/g, ' ').trim().toLocaleLowerCase('da-DK');
  const cpr = checkCpr(citizen.cpr);
  const who = cpr.valid ? `cpr:${citizen.cpr.replace(/\D/g, '')}` : `name:${norm(clean(citizen.name))}`;
  return createHmac('sha256', secret)
    .update(`follow-up-match\n${norm(coordinator.email) || norm(coordinator.name)}\n${who}`)
    .digest('hex');
}
