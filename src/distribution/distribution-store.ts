/**
 * Durable state of distributions: the distributions, their deliveries with the claims on
 * them, and their documents, behind one small interface so the send logic never touches
 * SQL. Every change of state is one transaction together with its audit record(s), which
 * is why the methods that change state take them: the log and the state can never
 * disagree, in any implementation.
 *
 * What is kept, and why:
 * - the generated documents (plan PDF, .docx for the coordinator, the GP letter): a send
 *   resumed after a crash must deliver the very same bytes without the plan JSON, which
 *   is never stored; they are deleted as soon as every delivery has finished;
 * - per delivery only what its channel needs (an e-mail address, a postal address, or
 *   for Digital Post the recipient's CPR number); a CPR number and the e-mail text are
 *   erased the moment the delivery has finished;
 * - a distribution prepared and never sent expires (life-cycle.ts): its documents and its
 *   recipients' personal data are erased, and the audit log keeps only the facts.
 *
 * Times: `now` arguments and `nextAttemptAt` are epoch ms of the caller's clock; the
 * stored `createdAt`, `sentAt` and audit times are ISO strings of the store's.
 */
import type { AuditEntry, AuditLog } from './audit-log.js';
import type {
  DeliveryOutcome,
  DeliveryRecord,
  DistributionRecord,
  NewDelivery,
  NewDistribution,
  SendRequestResult,
  StoredDocument,
} from './distribution-records.js';
import type { IdempotencyStore } from './idempotency-store.js';

/**
 * How long one attempt may hold its claim (DISTRIBUTION_CLAIM_LEASE_MS): far beyond a
 * channel's own time limits (SMTP: 15 s to connect, 15 s for the greeting, 60 s per idle
 * socket), so a live attempt is never taken over; a dead one is, by any process's next pass
 * over the distribution after it ran out (a send request, or the sender's sweep).
 */
export const DEFAULT_CLAIM_LEASE_MS = 10 * 60_000;

/**
 * One claim on a delivery, as `claimDelivery` returned it. Every claim counts an attempt and
 * attempts only ever grow, so (delivery id, attempts) names one claim for good: the fencing
 * token that lets a claim whose lease ran out be told from the one that took it over.
 */
export type DeliveryClaim = Pick<DeliveryRecord, 'id' | 'attempts'>;

/** What a claimed attempt's outcome does to its delivery (`completeDelivery`). */
export type Completion = 'current' | 'late-sent' | 'ignored';

/**
 * Decides, from the delivery as it is now (read under the transaction's lock), what a claim's
 * outcome does. The fence is one-sided: the current claim ends the delivery; a claim that was
 * taken over changes nothing, except with `sent`. That is a fact (the channel accepted the
 * message), so it is recorded while the delivery is not already sent: else the delivery would
 * be sent again, or end as "nothing was sent" while the recipient has it. The attempt that
 * took over then finds it sent and its own result is ignored. Throws for a claim never given
 * (`now` undefined: no such delivery).
 */
export function completionOf(now: Pick<DeliveryRecord, 'state' | 'attempts'> | undefined, claim: DeliveryClaim, outcome: DeliveryOutcome): Completion {
  if (!now || claim.attempts < 1 || claim.attempts > now.attempts) throw new Error(`delivery ${claim.id} was never claimed for attempt ${claim.attempts}`);
  if (now.state === 'sending' && now.attempts === claim.attempts) return 'current';
  if (outcome.state === 'sent' && (now.state === 'pending' || now.state === 'sending' || now.state === 'failed')) return 'late-sent';
  return 'ignored';
}

export interface DistributionStore {
  /**
   * Stores a prepared distribution, its deliveries, documents and audit records in one
   * transaction. A delivery with a `manualReason` starts `manual` and keeps no CPR number
   * and no text; when every delivery starts final, the documents are not kept.
   */
  createDistribution(d: NewDistribution, deliveries: NewDelivery[], documents: StoredDocument[], audit: AuditEntry[]): Promise<void>;
  getDistribution(id: string): Promise<DistributionRecord | undefined>;
  getDocument(distributionId: string, key: string): Promise<StoredDocument | undefined>;
  /**
   * Records a send request with its audit entry in one transaction: the first one moves the
   * distribution out of `prepared` (life-cycle.ts); later ones are audited and change nothing.
   * An expired distribution is not touched (and nothing is audited).
   */
  requestSend(distributionId: string, audit: AuditEntry): Promise<SendRequestResult>;
  /**
   * Deliveries due at `now` (pending and due, or claimed by an attempt whose lease ran out), in
   * manifest order; none while the distribution's send has not been requested.
   */
  dueDeliveryIds(distributionId: string, now: number): Promise<string[]>;
  /** The earliest next attempt of a pending delivery, or undefined when none is pending. */
  nextPendingAt(distributionId: string): Promise<number | undefined>;
  /**
   * Claims a due delivery for one attempt (state `sending`, attempts + 1) until `now + leaseMs`,
   * atomically: undefined when someone else holds it, it is not due, or its distribution's send
   * was never requested. Taking over an expired claim (its process died mid-attempt) marks the
   * delivery resumed and audits it (`resumedDeliveryEntry`, actor `system`). The record returned
   * is the claim (`DeliveryClaim`): its `attempts` is the claim's fencing token.
   */
  claimDelivery(deliveryId: string, now: number, leaseMs?: number): Promise<DeliveryRecord | undefined>;
  /**
   * Records a claimed attempt's outcome and its audit record in one transaction, only while
   * `claim` is still the delivery's current claim (state `sending` at the claim's attempt); a
   * final outcome erases the delivery's text (and a Digital Post CPR number), and the last one to
   * finish deletes the distribution's documents. Returns the delivery as completed.
   *
   * A stale claim (its lease ran out and another attempt took the delivery over, or it was
   * released) changes nothing, except with `sent` (`completionOf`): in the same transaction its
   * result is audited as ignored (`ignoredResultEntry`) and undefined is returned, or, sent, as
   * a late success (`lateSentEntry`) and the delivery is returned as sent. Throws for a claim
   * this store never gave (an unknown delivery, or an attempt not counted yet).
   */
  completeDelivery(claim: DeliveryClaim, outcome: DeliveryOutcome, audit: AuditEntry): Promise<DeliveryRecord | undefined>;
  /**
   * At start-up: claims that only a dead process can hold are released to `pending` (marked
   * resumed, audited) so they are attempted again at once with the same stable id. Returns them.
   * A store used by one process (`shared` false: SQLite, one process per file) releases every
   * claim it finds, for the process that held them is the one starting again. A shared store
   * (PostgreSQL) cannot tell a dead replica's claim from a live one's and releases none: a
   * claim then ends with its lease, and whoever passes next takes it over (`claimDelivery`).
   */
  releaseInterruptedClaims(actor: string): Promise<DeliveryRecord[]>;
  /**
   * Expires every distribution still prepared (never requested, not expired) that was created
   * before `createdBefore` (ISO time), each with an audit record `audit` for it, in one
   * transaction: deletes its documents; marks its unfinished deliveries `expired` with
   * `reason`; erases every delivery's personal data (name, organisation or relation,
   * address or CPR, message text, subject); and erases the recipients' names from its audit
   * records, which keep who acted, when, on which role and channel, with what outcome.
   * Returns the ids it expired. A concurrent send request either comes first (and the
   * distribution is not expired) or finds it expired.
   */
  expireUnsent(createdBefore: string, audit: Omit<AuditEntry, 'distributionId'>, reason: string): Promise<string[]>;
  /**
   * To resume at start-up: distributions whose send was requested and that have a pending
   * delivery (due or not: its retry is scheduled again) or a claim whose lease ran out at `now`.
   */
  distributionsToResume(now: number): Promise<string[]>;
  /**
   * For the sender's periodic sweep: distributions whose send was requested and that have a
   * delivery due at `now` (pending and due, or a claim whose lease ran out).
   */
  distributionsDue(now: number): Promise<string[]>;
}

/** The stores the distribution capability works with; one database holds them all. */
export interface DistributionStores {
  /**
   * True when several processes use these stores at once (replicas on one PostgreSQL): then
   * nothing found at start-up may be taken for a dead process's leftovers, only what a
   * lease says has run out.
   */
  readonly shared: boolean;
  distributions: DistributionStore;
  audit: AuditLog;
  idempotency: IdempotencyStore;
}
