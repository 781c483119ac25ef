/**
 * What a distributed plan's follow-up keeps, taken from the validated plan when its
 * distribution is prepared: the follow-up and meeting dates, the coordinator's and the
 * participants' names, organisations and secure e-mail addresses, and the citizen's name.
 * Nothing else of the plan: no CPR number, no diagnosis, none of its text, no phone numbers,
 * titles or addresses, no relatives and no GP.
 */
import { createHash } from 'node:crypto';
import type { Owner } from '../auth/ownership.js';
import { parseIsoDate } from '../shared/dates.js';
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

/** The follow-up of a plan about to be distributed; undefined for a draft or a plan without both dates. */
export function followUpOfPlan(plan: Plan, distributionId: string, owner: Owner): NewFollowUp | undefined {
  if (plan.status !== 'final' || !plan.followUpDate || !plan.meetingDate) return undefined;
  if (!parseIsoDate(plan.followUpDate) || !parseIsoDate(plan.meetingDate)) return undefined;
  const coordinator = person(plan.coordinator);
  const citizenName = clean(plan.citizen.name);
  return {
    id: safeUuid(),
    distributionId,
    followUpDate: plan.followUpDate,
    meetingDate: plan.meetingDate,
    citizenName,
    coordinator,
    participants: plan.participants.map(person).filter((p) => p.name || p.email),
    matchKey: followUpMatchKey(coordinator, citizenName),
    owner,
  };
}

/**
 * Same coordinator and citizen, without a CPR number: the coordinator's secure e-mail address
 * (their name without one) and the citizen's name, case and spacing aside. A hash, so the key
 * adds nothing readable to the record. Two citizens of the same name with the same coordinator
 * share it: the README says so.
 */
export function followUpMatchKey(coordinator: FollowUpPerson, citizenName: string): string {
  const norm = (s: string) => s.normalize('NFC').replace(/\s+/g, ' ').trim().toLocaleLowerCase('da-DK');
  return createHash('sha256').update(`${norm(coordinator.email) || norm(coordinator.name)}\n${norm(citizenName)}`).digest('hex');
}
