/**
 * Durable state of distributions, behind one small interface so the send logic never
 * touches SQL. Every state change of a delivery is one transaction together with its
 * audit record, so the log and the state can never disagree.
 *
 * What is kept, and why:
 * - the generated documents (plan PDF, .docx for the coordinator, the GP letter): a send
 *   resumed after a crash must deliver the very same bytes without the plan JSON, which
 *   is never stored; they are deleted as soon as every delivery has finished;
 * - per delivery only what its channel needs (an e-mail address, a postal address, or
 *   for Digital Post the recipient's CPR number); a CPR number is erased the moment its
 *   delivery has finished;
 * - the audit log: identities (role and name) and outcomes, never content or CPR.
 *
 * A distribution prepared and never sent expires (life-cycle.ts): its documents and its
 * recipients' personal data are erased, and the audit log keeps only the facts.
 */

/** `expired`: its distribution expired before anyone asked to send it; nothing was sent. */
export const DELIVERY_STATES = ['pending', 'sending', 'sent', 'failed', 'manual', 'expired'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];
/** A finished delivery: it will not be attempted again. */
export const FINAL_STATES: readonly DeliveryState[] = ['sent', 'failed', 'manual', 'expired'];

/** The plan's recipients, and the invitees of a meeting invitation sent the same way. */
export const RECIPIENT_ROLES = ['coordinator', 'participant', 'citizen', 'relative', 'general-practitioner', 'invitee'] as const;
export type RecipientRole = (typeof RECIPIENT_ROLES)[number];

/** What is distributed: the approved plan, or an invitation to a coordination meeting. */
export const DISTRIBUTION_KINDS = ['plan', 'invitation'] as const;
export type DistributionKind = (typeof DISTRIBUTION_KINDS)[number];

export const CHANNELS = ['secure-email', 'digital-post', 'letter'] as const;
export type Channel = (typeof CHANNELS)[number];

export interface StoredDocument {
  /** Unique within its distribution, e.g. `plan-pdf`; deliveries refer to documents by it. */
  key: string;
  fileName: string;
  contentType: string;
  content: Buffer;
}

export interface NewDelivery {
  /** A UUID: also the channel's stable id (Message-ID, MeMo messageUUID, letter id). */
  id: string;
  role: RecipientRole;
  name: string;
  organisation: string;
  channel: Channel;
  /** E-mail address, postal address, or CPR number (Digital Post); null when missing. */
  address: string | null;
  /** Keys of the distribution's documents this recipient gets (attachments, or the one PDF). */
  documents: string[];
  /** E-mail subject or Digital Post label: never a CPR number, a name or anything about health. */
  subject: string;
  /** E-mail text (empty for other channels); erased once the delivery has finished. */
  text: string;
  /** Set when the channel cannot be used: the delivery starts in state `manual`. */
  manualReason: string | null;
}

export interface DeliveryRecord extends Omit<NewDelivery, 'manualReason'> {
  distributionId: string;
  position: number;
  state: DeliveryState;
  attempts: number;
  /** Epoch ms; a pending delivery is due from then. */
  nextAttemptAt: number;
  /** Danish, no CPR: why it failed, is waiting for a retry, or needs manual handling. */
  lastError: string | null;
  /** The channel's reference once sent (SMTP message id, outbox file name). */
  reference: string | null;
  sentAt: string | null;
  updatedAt: string;
  /** True once a claim was found interrupted by a crash and released again. */
  resumed: boolean;
}

/** The identity that prepared a distribution (src/auth), and its organisation. */
export interface DistributionOwner {
  id: string;
  organisation: string;
}

export interface NewDistribution {
  id: string;
  kind: DistributionKind;
  createdBy: string;
  owner: DistributionOwner;
  /** Shown in lists, e.g. "Koordinerende indsatsplan, møde 1. maj 2014": no name, no CPR. */
  title: string;
}

export interface DistributionRecord extends NewDistribution {
  createdAt: string;
  /** When a send was first requested, and by whom: null while the distribution is only prepared. */
  sendRequestedAt: string | null;
  sendRequestedBy: string | null;
  /** When it expired unsent, its documents and recipients' personal data erased; null otherwise. */
  expiredAt: string | null;
  /** True once the documents were deleted because every delivery has finished. */
  documentsPurged: boolean;
  deliveries: DeliveryRecord[];
}

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

export type AuditAction =
  | 'distribution-prepared'
  | 'recipient-listed'
  | 'send-requested'
  | 'distribution-expired'
  | 'delivery-sent'
  | 'delivery-failed'
  | 'delivery-retry-scheduled'
  | 'delivery-resumed';

export interface AuditRecord extends AuditEntry {
  id: number;
  at: string;
}

/** How an attempt ended. */
export type DeliveryOutcome =
  | { state: 'sent'; reference: string }
  | { state: 'failed'; reason: string }
  | { state: 'pending'; reason: string; nextAttemptAt: number };

/** What a send request found: only a stored distribution can be asked to send. */
export type SendRequestResult = 'requested' | 'already-requested' | 'expired' | 'not-found';

export interface IdempotentResponse {
  distributionId: string;
  status: number;
  body: unknown;
}

/**
 * How long one attempt may hold its claim: far beyond a channel's own time limits (SMTP:
 * 15 s to connect, 15 s for the greeting, 60 s per idle socket), so a live attempt is never
 * taken over; a dead one is, by the next send request after it ran out.
 */
export const DEFAULT_CLAIM_LEASE_MS = 10 * 60_000;

export interface DistributionStore {
  readonly kind: string;
  /** Stores a prepared distribution, its deliveries, documents and audit records in one transaction. */
  createDistribution(d: NewDistribution, deliveries: NewDelivery[], documents: StoredDocument[], audit: AuditEntry[]): void;
  getDistribution(id: string): DistributionRecord | undefined;
  getDocument(distributionId: string, key: string): StoredDocument | undefined;
  /**
   * Records a send request with its audit entry in one transaction: the first one moves the
   * distribution out of `prepared` (life-cycle.ts); later ones are audited and change nothing.
   * An expired distribution is not touched (and nothing is audited).
   */
  requestSend(distributionId: string, audit: AuditEntry): SendRequestResult;
  /**
   * Deliveries due at `now` (pending and due, or claimed by an attempt whose lease ran out), in
   * manifest order; none while the distribution's send has not been requested.
   */
  dueDeliveryIds(distributionId: string, now: number): string[];
  /** The earliest next attempt of a pending delivery, or undefined when none is pending. */
  nextPendingAt(distributionId: string): number | undefined;
  /**
   * Claims a due delivery for one attempt (state `sending`, attempts + 1) until `now + leaseMs`,
   * atomically: undefined when someone else holds it, it is not due, or its distribution's send
   * was never requested. Taking over an expired
   * claim (its process died mid-attempt) marks the delivery resumed and audits it.
   */
  claimDelivery(deliveryId: string, now: number, leaseMs?: number): DeliveryRecord | undefined;
  /** Records an attempt's outcome and its audit record in one transaction. */
  completeDelivery(deliveryId: string, outcome: DeliveryOutcome, audit: AuditEntry): DeliveryRecord;
  /**
   * At start-up: claims left `sending` by a process that died are released to `pending`
   * (marked resumed) so they are attempted again with the same stable id. Returns them.
   */
  releaseInterruptedClaims(actor: string): DeliveryRecord[];
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
  expireUnsent(createdBefore: string, audit: Omit<AuditEntry, 'distributionId'>, reason: string): string[];
  /** Distributions whose send was requested and that still have a pending delivery (to resume at start-up). */
  distributionsToResume(): string[];
  appendAudit(entry: AuditEntry): void;
  listAudit(distributionId?: string): AuditRecord[];
  getIdempotentResponse(key: string): IdempotentResponse | undefined;
  saveIdempotentResponse(key: string, response: IdempotentResponse): void;
  /** Forgets the answers stored before `createdBefore` (ISO time); returns how many. */
  deleteIdempotentResponsesBefore(createdBefore: string): number;
  close(): void;
}
