/**
 * The words of distribution: a distribution, its deliveries (one per recipient and
 * channel), their documents and states, as the stores keep them and the sender reads them.
 */

/** `expired`: its distribution expired before anyone asked to send it; nothing was sent. */
export const DELIVERY_STATES = ['pending', 'sending', 'sent', 'failed', 'manual', 'expired'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];
/** A finished delivery: it will not be attempted again. */
export const FINAL_STATES: readonly DeliveryState[] = ['sent', 'failed', 'manual', 'expired'];

/** The plan's recipients, and the invitees of a meeting invitation sent the same way. */
export const RECIPIENT_ROLES = ['coordinator', 'participant', 'citizen', 'relative', 'general-practitioner', 'invitee'] as const;
export type RecipientRole = (typeof RECIPIENT_ROLES)[number];

/** What is distributed: the approved plan, an invitation to a coordination meeting, or a follow-up's reminder to the coordinator. */
export const DISTRIBUTION_KINDS = ['plan', 'invitation', 'reminder'] as const;
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
  /** True once the documents were deleted because every delivery has finished (or it expired). */
  documentsPurged: boolean;
  deliveries: DeliveryRecord[];
}

/** How an attempt ended. */
export type DeliveryOutcome =
  | { state: 'sent'; reference: string }
  | { state: 'failed'; reason: string }
  | { state: 'pending'; reason: string; nextAttemptAt: number };

/** What a send request found: only a stored distribution that has not expired can be asked to send. */
export type SendRequestResult = 'requested' | 'already-requested' | 'expired' | 'not-found';
