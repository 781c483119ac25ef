/**
 * Rows of the stores' tables into the records of the interfaces, once for every
 * implementation: each database gives its values in its own types (SQLite ISO text, JSON
 * text and 0/1; PostgreSQL Date, parsed JSON, booleans and bigint as text), which its codec
 * turns into the record's.
 */
import type { AuditRecord } from '../distribution/audit-log.js';
import type { DeliveryRecord, DistributionRecord } from '../distribution/distribution-records.js';
import type { FollowUpPerson, FollowUpRecord } from '../follow-up/follow-up-store.js';

export type Row = Record<string, unknown>;

export interface RowCodec {
  /** A stored time of the store's clock as an ISO string (null stays null). */
  time(v: unknown): string | null;
  /** A stored JSON value. */
  json(v: unknown): unknown;
  /** A stored epoch-ms or counter. */
  int(v: unknown): number;
  bool(v: unknown): boolean;
}

const text = (v: unknown) => (v as string | null) ?? null;

export function toDeliveryRecord(r: Row, c: RowCodec): DeliveryRecord {
  return {
    id: r.id as string,
    distributionId: r.distribution_id as string,
    position: c.int(r.position),
    role: r.role as DeliveryRecord['role'],
    name: r.name as string,
    organisation: r.organisation as string,
    channel: r.channel as DeliveryRecord['channel'],
    address: text(r.address),
    documents: c.json(r.documents) as string[],
    subject: r.subject as string,
    text: text(r.body) ?? '',
    state: r.state as DeliveryRecord['state'],
    attempts: c.int(r.attempts),
    nextAttemptAt: c.int(r.next_attempt_at),
    lastError: text(r.last_error),
    reference: text(r.reference),
    sentAt: c.time(r.sent_at),
    updatedAt: c.time(r.updated_at)!,
    resumed: c.bool(r.resumed),
  };
}

export function toDistributionRecord(r: Row, deliveries: Row[], c: RowCodec): DistributionRecord {
  return {
    id: r.id as string,
    kind: r.kind as DistributionRecord['kind'],
    createdAt: c.time(r.created_at)!,
    createdBy: r.created_by as string,
    owner: { id: r.owner_id as string, organisation: r.owner_organisation as string },
    title: r.title as string,
    sendRequestedAt: c.time(r.send_requested_at),
    sendRequestedBy: text(r.send_requested_by),
    expiredAt: c.time(r.expired_at),
    documentsPurged: r.documents_purged_at !== null,
    deliveries: deliveries.map((d) => toDeliveryRecord(d, c)),
  };
}

export function toAuditRecord(r: Row, c: RowCodec): AuditRecord {
  return {
    id: c.int(r.id),
    at: c.time(r.at)!,
    actor: r.actor as string,
    action: r.action as AuditRecord['action'],
    distributionId: r.distribution_id as string,
    deliveryId: text(r.delivery_id),
    role: (r.role as AuditRecord['role']) ?? null,
    name: text(r.name),
    channel: (r.channel as AuditRecord['channel']) ?? null,
    outcome: r.outcome as string,
    detail: text(r.detail),
  };
}

export function toFollowUpRecord(r: Row, c: RowCodec): FollowUpRecord {
  return {
    id: r.id as string,
    distributionId: r.distribution_id as string,
    followUpDate: r.follow_up_date as string,
    meetingDate: r.meeting_date as string,
    citizenName: r.citizen_name as string,
    coordinator: { name: r.coordinator_name as string, organisation: r.coordinator_organisation as string, email: r.coordinator_email as string },
    participants: c.json(r.participants) as FollowUpPerson[],
    matchKey: r.match_key as string,
    owner: { id: r.owner_id as string, organisation: r.owner_organisation as string },
    createdAt: r.created_at as string,
    activatedAt: text(r.activated_at),
    reminderDistributionId: text(r.reminder_distribution_id),
    remindedAt: text(r.reminded_at),
  };
}

export const SQLITE_CODEC: RowCodec = {
  time: (v) => text(v),
  json: (v) => JSON.parse(v as string) as unknown,
  int: (v) => v as number,
  bool: (v) => v === 1,
};

export const POSTGRES_CODEC: RowCodec = {
  time: (v) => (v === null || v === undefined ? null : (v as Date).toISOString()),
  json: (v) => v,
  int: (v) => Number(v),
  bool: (v) => v === true,
};
