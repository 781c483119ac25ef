/**
 * The remembered follow-ups of distributed plans, behind one small async interface (SQLite,
 * or PostgreSQL shared by replicas: every method is one atomic step, so any number of
 * replicas may call it at once).
 *
 * What a follow-up keeps is the least the follow-up meeting needs (README, "Follow-ups"):
 * its date, the plan's meeting date, the coordinator's and the participants' names,
 * organisations and e-mail addresses, the citizen's name, and who owns it. Never a CPR
 * number, a diagnosis or any of the plan's text.
 *
 * Life of a record:
 * - pending: written when a final plan's distribution is prepared, beside it; not listed,
 *   never reminded;
 * - active: from the distribution's first send request; an older active follow-up of the
 *   same coordinator and citizen is deleted then (the follow-up has happened);
 * - reminded: its reminder distribution was created and asked to send (once);
 * - deleted: by a newer plan, or `deleteDatedUpTo` once its date is 30 days past.
 */
import type { Owner } from '../auth/ownership.js';

export interface FollowUpPerson {
  name: string;
  organisation: string;
  /** The secure e-mail address from the plan; may be empty. */
  email: string;
}

export interface NewFollowUp {
  /** A UUID; the only thing a reminder's link carries. */
  id: string;
  /** The plan distribution it belongs to (one follow-up per distribution). */
  distributionId: string;
  /** `YYYY-MM-DD`: the plan's "Dato for opfølgning". */
  followUpDate: string;
  /** `YYYY-MM-DD`: the plan's meeting date (the previous meeting of the follow-up). */
  meetingDate: string;
  citizenName: string;
  coordinator: FollowUpPerson;
  participants: FollowUpPerson[];
  /**
   * Equal for the same coordinator and citizen (followUpMatchKey, an HMAC of the citizen's CPR
   * number): a newer one ends the older. A record stored before it was keyed by CPR number holds
   * a plain hash of the name, which no new key equals: it is never ended by a newer plan.
   */
  matchKey: string;
  /** Who prepared the distribution: visibility follows the distribution's (src/auth/ownership.ts). */
  owner: Owner;
}

export interface FollowUpRecord extends NewFollowUp {
  createdAt: string;
  /** When the distribution's send was first requested; null while pending. */
  activatedAt: string | null;
  /** The reminder's distribution, fixed at its first claim so that a retaken claim sends the same one. */
  reminderDistributionId: string | null;
  /** When the reminder was handed to the distribution machinery; null until then. */
  remindedAt: string | null;
}

export interface ActivationResult {
  /** True when this call activated it (false for a repeat, or a distribution without a follow-up). */
  activated: boolean;
  /** The follow-up that is active now for this coordinator and citizen; undefined when the distribution had none. */
  activeId: string | undefined;
  /** Older follow-ups of the same coordinator and citizen, deleted. */
  endedIds: string[];
}

export interface ReminderClaim {
  /** Reminders are due for follow-ups dated on or before this day (`YYYY-MM-DD`: today + the reminder days). */
  dueUpTo: string;
  /** Epoch ms: a claim whose lease ran out before this is free again. */
  now: number;
  leaseMs: number;
  /** The distribution id to use if the follow-up has none yet. */
  newDistributionId: string;
}

/** Of follow-ups of the same coordinator and citizen, the newest first: the later meeting, then the later send request. */
export function newestFollowUpFirst(a: FollowUpRecord, b: FollowUpRecord): number {
  return b.meetingDate.localeCompare(a.meetingDate) || (b.activatedAt ?? '').localeCompare(a.activatedAt ?? '');
}

/** How long a scheduler may hold a reminder's claim before another one takes it over. */
export const REMINDER_CLAIM_LEASE_MS = 10 * 60_000;

export interface FollowUpStore {
  /** Keeps a prepared plan distribution's follow-up, pending until its send is requested. */
  savePending(followUp: NewFollowUp, at: string): Promise<void>;
  /**
   * The distribution's send was requested: its pending follow-up becomes active, in one
   * transaction with deleting the older active ones of the same match key (the newest meeting
   * date wins, then the latest activation). A second call changes nothing.
   */
  activate(distributionId: string, at: string): Promise<ActivationResult>;
  /** Pending follow-ups (for the scheduler to reconcile with their distributions). */
  listPending(): Promise<FollowUpRecord[]>;
  deletePending(distributionId: string): Promise<boolean>;
  get(id: string): Promise<FollowUpRecord | undefined>;
  /** Active follow-ups owned by `ownerId` or by the organisation, by date. */
  listActive(filter: { ownerId: string; organisation: string }): Promise<FollowUpRecord[]>;
  /**
   * Claims one active follow-up whose reminder is due and not yet handed over, until
   * `now + leaseMs`, atomically: two schedulers never hold the same one. Its reminder
   * distribution id is fixed at the first claim. Undefined when none is due and free.
   */
  claimReminder(claim: ReminderClaim): Promise<FollowUpRecord | undefined>;
  /** The reminder was handed to its distribution: it is never claimed again. */
  markReminded(id: string, at: string): Promise<void>;
  /** Deletes every follow-up (pending or active) dated on or before `date`; returns how many. */
  deleteDatedUpTo(date: string): Promise<number>;
  /** Active follow-ups dated before `date` (overdue), counted for the log. */
  countOverdue(date: string): Promise<number>;
}
