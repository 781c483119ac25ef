/**
 * The audit log of distributions: who (the actor) did what, for which recipient (role,
 * name) by which channel, when, with what outcome. Never plan content, diagnoses or CPR
 * numbers: an implementation scrubs anything CPR-like on write as a last line of defence.
 * Records that go with a change of a distribution's state are written by the
 * DistributionStore in the same transaction as the change; this interface reads the log
 * and appends records that stand alone.
 */
import { redactCpr } from '../shared/redact.js';
import type { Channel, DeliveryOutcome, DeliveryRecord, RecipientRole } from './distribution-records.js';

export type AuditAction =
  | 'distribution-prepared'
  | 'recipient-listed'
  | 'send-requested'
  | 'distribution-expired'
  | 'delivery-sent'
  | 'delivery-failed'
  | 'delivery-retry-scheduled'
  | 'delivery-resumed'
  | 'delivery-result-ignored';

export interface AuditEntry {
  actor: string;
  action: AuditAction;
  distributionId: string;
  deliveryId?: string | null;
  role?: RecipientRole | null;
  name?: string | null;
  channel?: Channel | null;
  outcome: string;
  /** Danish detail (a failure reason); redacted of anything CPR-like on write. */
  detail?: string | null;
}

export interface AuditRecord extends AuditEntry {
  id: number;
  at: string;
}

export interface AuditLog {
  append(entry: AuditEntry): Promise<void>;
  /** In the order written; all distributions' records without an id. */
  list(distributionId?: string): Promise<AuditRecord[]>;
}

/** An entry as every implementation stores it: absent fields null, anything CPR-like scrubbed. */
export function scrubAuditEntry(e: AuditEntry): Required<{ [K in keyof AuditEntry]: Exclude<AuditEntry[K], undefined> }> {
  return {
    actor: redactCpr(e.actor),
    action: e.action,
    distributionId: e.distributionId,
    deliveryId: e.deliveryId ?? null,
    role: e.role ?? null,
    name: e.name === undefined || e.name === null ? null : redactCpr(e.name),
    channel: e.channel ?? null,
    outcome: redactCpr(e.outcome),
    detail: e.detail ? redactCpr(e.detail) : null,
  };
}

/** The record of a claim found interrupted (its process died mid-attempt) and taken over. */
export function resumedDeliveryEntry(d: DeliveryRecord, actor: string): AuditEntry {
  return {
    actor,
    action: 'delivery-resumed',
    distributionId: d.distributionId,
    deliveryId: d.id,
    role: d.role,
    name: d.name,
    channel: d.channel,
    outcome: 'afbrudt forsøg genoptages',
    detail: 'Forsendelsen blev afbrudt under et forsøg; den genoptages med samme forsendelses-id.',
  };
}

/**
 * The record of an attempt's result that came after its claim had been taken over (its lease
 * ran out mid-attempt: slow SMTP, a paused process) and that therefore changed nothing.
 *
 * Written rather than dropped: the attempt really happened, and when its channel accepted
 * the message the recipient may hold a second copy; an auditor who reconstructs who received
 * what must find that in the log, next to the outcome that counts. It keeps the attempt's own
 * entry (actor, recipient, channel, outcome, reason) and says that it was ignored, and why.
 */
export function ignoredResultEntry(entry: AuditEntry, outcome: DeliveryOutcome, attempt: number): AuditEntry {
  const copy = outcome.state === 'sent' ? ' Modtageren kan have fået beskeden to gange, med samme forsendelses-id.' : '';
  return {
    ...entry,
    action: 'delivery-result-ignored',
    outcome: `ignoreret: ${entry.outcome}`,
    detail: `${takenOver(attempt)} resultatet ændrer ikke forsendelsens status.${copy}${entry.detail ? ` Forsøgets besked: ${entry.detail}` : ''}`,
  };
}

/**
 * The record of a `sent` that came after its claim had been taken over (`completionOf`): the
 * delivery is sent. The attempt that took over may have sent it too, with the same id.
 */
export function lateSentEntry(entry: AuditEntry, attempt: number): AuditEntry {
  const why = `${takenOver(attempt)} kanalen havde taget imod beskeden, så forsendelsen er sendt. Det nye forsøg kan også have sendt den, med samme forsendelses-id.`;
  return { ...entry, detail: `${why}${entry.detail ? ` ${entry.detail}` : ''}` };
}

/** How an attempt whose claim was taken over ended (the start of both entries above). */
const takenOver = (attempt: number) => `Forsøg ${attempt} sluttede, efter at dets frist var udløbet og forsendelsen overtaget af et nyt forsøg;`;
