/**
 * The DistributionStore on SQLite. Each method is one synchronous transaction of
 * better-sqlite3, audit records included (SqliteContext.writeAudit), so a state and its
 * record commit together; only one process writes at a time, and one process uses the file
 * (so a claim found at start-up is a dead process's: `releaseInterruptedClaims`).
 * Completions are fenced by the claim's attempt all the same (`completionOf`), as the
 * interface requires; here only two processes on one file, which the README rules out, could
 * meet a taken-over claim, since a process's sweep joins its own pass over a distribution.
 */
import { redactCpr } from '../shared/redact.js';
import { ignoredResultEntry, lateSentEntry, resumedDeliveryEntry, type AuditEntry } from '../distribution/audit-log.js';
import {
  FINAL_STATES,
  type DeliveryOutcome,
  type DeliveryRecord,
  type NewDelivery,
  type NewDistribution,
  type SendRequestResult,
  type StoredDocument,
} from '../distribution/distribution-records.js';
import { completionOf, DEFAULT_CLAIM_LEASE_MS, type DeliveryClaim, type DistributionStore } from '../distribution/distribution-store.js';
import { SQLITE_CODEC, toDeliveryRecord, toDistributionRecord, type Row } from './row-codec.js';
import type { SqliteContext } from './sqlite-context.js';

const FINAL_SQL = FINAL_STATES.map((s) => `'${s}'`).join(', ');
/** A delivery may be attempted only once its distribution's send was requested. */
const SEND_REQUESTED_SQL = `EXISTS (SELECT 1 FROM distributions x WHERE x.id = deliveries.distribution_id AND x.send_requested_at IS NOT NULL)`;

const toDelivery = (r: Row) => toDeliveryRecord(r, SQLITE_CODEC);

export function createSqliteDistributionStore({ db, writeAudit: audit, forgetDeletedPages }: SqliteContext): DistributionStore {
  const nowIso = () => new Date().toISOString();
  const stmt = {
    insertDistribution: db.prepare(
      `INSERT INTO distributions (id, kind, created_at, created_by, title, owner_id, owner_organisation)
       VALUES (@id, @kind, @createdAt, @createdBy, @title, @ownerId, @ownerOrganisation)`,
    ),
    insertDelivery: db.prepare(
      `INSERT INTO deliveries (id, distribution_id, position, role, name, organisation, channel, address, documents, subject, body, state, last_error, updated_at)
       VALUES (@id, @distributionId, @position, @role, @name, @organisation, @channel, @address, @documents, @subject, @body, @state, @lastError, @updatedAt)`,
    ),
    insertDocument: db.prepare(
      `INSERT INTO documents (distribution_id, key, file_name, content_type, content) VALUES (?, ?, ?, ?, ?)`,
    ),
    getDistribution: db.prepare(`SELECT * FROM distributions WHERE id = ?`),
    getDeliveries: db.prepare(`SELECT * FROM deliveries WHERE distribution_id = ? ORDER BY position`),
    getDelivery: db.prepare(`SELECT * FROM deliveries WHERE id = ?`),
    getDocument: db.prepare(`SELECT * FROM documents WHERE distribution_id = ? AND key = ?`),
    requestSend: db.prepare(
      `UPDATE distributions SET send_requested_at = ?, send_requested_by = ? WHERE id = ? AND send_requested_at IS NULL AND expired_at IS NULL`,
    ),
    expire: db.prepare(
      `UPDATE distributions SET expired_at = @at WHERE send_requested_at IS NULL AND expired_at IS NULL AND created_at < @createdBefore RETURNING id`,
    ),
    // What a delivery that was never sent keeps: its role, channel, documents' keys, state and reason.
    eraseDeliveries: db.prepare(
      `UPDATE deliveries SET name = '', organisation = '', address = NULL, body = NULL, subject = '', updated_at = @at,
         last_error = CASE WHEN state IN (${FINAL_SQL}) THEN last_error ELSE @reason END,
         state = CASE WHEN state IN (${FINAL_SQL}) THEN state ELSE 'expired' END
       WHERE distribution_id = @id`,
    ),
    eraseAuditNames: db.prepare(`UPDATE audit_log SET name = NULL WHERE distribution_id = ?`),
    due: db.prepare(
      `SELECT id FROM deliveries WHERE distribution_id = @id
         AND ((state = 'pending' AND next_attempt_at <= @now) OR (state = 'sending' AND lease_until <= @now))
         AND ${SEND_REQUESTED_SQL}
       ORDER BY position`,
    ),
    nextPending: db.prepare(`SELECT MIN(next_attempt_at) AS at FROM deliveries WHERE distribution_id = ? AND state = 'pending'`),
    claim: db.prepare(
      `UPDATE deliveries SET state = 'sending', attempts = attempts + 1, lease_until = @leaseUntil, updated_at = @updatedAt,
         resumed = CASE WHEN state = 'sending' THEN 1 ELSE resumed END
       WHERE id = @id AND ((state = 'pending' AND next_attempt_at <= @now) OR (state = 'sending' AND lease_until <= @now))
         AND ${SEND_REQUESTED_SQL}`,
    ),
    complete: db.prepare(
      `UPDATE deliveries SET state = @state, reference = @reference, last_error = @lastError, next_attempt_at = @nextAttemptAt,
         sent_at = @sentAt, updated_at = @updatedAt,
         -- a CPR number and the text naming the citizen are kept only while the delivery may still be attempted
         address = CASE WHEN channel = 'digital-post' AND @state IN (${FINAL_SQL}) THEN NULL ELSE address END,
         body = CASE WHEN @state IN (${FINAL_SQL}) THEN NULL ELSE body END
       -- the fence was decided on the row read in the same transaction (completionOf)
       WHERE id = @id`,
    ),
    unfinishedCount: db.prepare(`SELECT COUNT(*) AS n FROM deliveries WHERE distribution_id = ? AND state NOT IN (${FINAL_SQL})`),
    purgeDocuments: db.prepare(`DELETE FROM documents WHERE distribution_id = ?`),
    markPurged: db.prepare(`UPDATE distributions SET documents_purged_at = ? WHERE id = ? AND documents_purged_at IS NULL`),
    interrupted: db.prepare(`SELECT * FROM deliveries WHERE state = 'sending' ORDER BY distribution_id, position`),
    release: db.prepare(`UPDATE deliveries SET state = 'pending', next_attempt_at = 0, resumed = 1, updated_at = ? WHERE id = ? AND state = 'sending'`),
    toResume: db.prepare(
      `SELECT DISTINCT distribution_id AS id FROM deliveries WHERE (state = 'pending' OR (state = 'sending' AND lease_until <= @now))
         AND ${SEND_REQUESTED_SQL} ORDER BY distribution_id`,
    ),
    dueDistributions: db.prepare(
      `SELECT DISTINCT distribution_id AS id FROM deliveries
       WHERE ((state = 'pending' AND next_attempt_at <= @now) OR (state = 'sending' AND lease_until <= @now))
         AND ${SEND_REQUESTED_SQL} ORDER BY distribution_id`,
    ),
  };

  const getDelivery = (id: string): DeliveryRecord | undefined => {
    const r = stmt.getDelivery.get(id) as Row | undefined;
    return r ? toDelivery(r) : undefined;
  };

  /** Deletes the documents once every delivery has finished; true when it did. */
  function purgeIfFinished(distributionId: string): boolean {
    const { n } = stmt.unfinishedCount.get(distributionId) as { n: number };
    if (n > 0) return false;
    stmt.purgeDocuments.run(distributionId);
    return stmt.markPurged.run(nowIso(), distributionId).changes === 1;
  }

  const createDistribution = db.transaction(
    (d: NewDistribution, deliveries: NewDelivery[], documents: StoredDocument[], entries: AuditEntry[]) => {
      const createdAt = nowIso();
      stmt.insertDistribution.run({
        id: d.id,
        kind: d.kind,
        createdAt,
        createdBy: redactCpr(d.createdBy),
        title: redactCpr(d.title),
        ownerId: d.owner.id,
        ownerOrganisation: d.owner.organisation,
      });
      deliveries.forEach((x, position) =>
        stmt.insertDelivery.run({
          id: x.id,
          distributionId: d.id,
          position,
          role: x.role,
          name: x.name,
          organisation: x.organisation,
          channel: x.channel,
          // A delivery that needs manual handling is never attempted: it keeps no CPR.
          address: x.manualReason && x.channel === 'digital-post' ? null : x.address,
          documents: JSON.stringify(x.documents),
          subject: x.subject,
          body: x.manualReason ? null : x.text,
          state: x.manualReason ? 'manual' : 'pending',
          lastError: x.manualReason,
          updatedAt: createdAt,
        }),
      );
      for (const doc of documents) stmt.insertDocument.run(d.id, doc.key, doc.fileName, doc.contentType, doc.content);
      for (const e of entries) audit(e);
      purgeIfFinished(d.id);
    },
  );

  const requestSend = db.transaction((id: string, entry: AuditEntry): SendRequestResult => {
    const row = stmt.getDistribution.get(id) as Row | undefined;
    if (!row) return 'not-found';
    if (row.expired_at !== null) return 'expired';
    const first = stmt.requestSend.run(nowIso(), redactCpr(entry.actor), id).changes === 1;
    audit(entry);
    return first ? 'requested' : 'already-requested';
  });

  const claimDelivery = db.transaction((id: string, now: number, leaseMs: number): DeliveryRecord | undefined => {
    const before = getDelivery(id);
    const info = stmt.claim.run({ id, now, leaseUntil: now + leaseMs, updatedAt: nowIso() });
    if (info.changes !== 1 || !before) return undefined;
    if (before.state === 'sending') audit(resumedDeliveryEntry(before, 'system'));
    return getDelivery(id);
  });

  const completeDelivery = db.transaction((claim: DeliveryClaim, outcome: DeliveryOutcome, entry: AuditEntry): { row?: DeliveryRecord; purged: boolean } => {
    const completion = completionOf(getDelivery(claim.id), claim, outcome);
    if (completion === 'ignored') {
      audit(ignoredResultEntry(entry, outcome, claim.attempts));
      return { purged: false };
    }
    const at = nowIso();
    stmt.complete.run({
      id: claim.id,
      state: outcome.state,
      reference: outcome.state === 'sent' ? outcome.reference : null,
      lastError: outcome.state === 'sent' ? null : redactCpr(outcome.reason),
      nextAttemptAt: outcome.state === 'pending' ? outcome.nextAttemptAt : 0,
      sentAt: outcome.state === 'sent' ? at : null,
      updatedAt: at,
    });
    audit(completion === 'late-sent' ? lateSentEntry(entry, claim.attempts) : entry);
    const row = getDelivery(claim.id)!;
    return { row, purged: purgeIfFinished(row.distributionId) };
  });

  const releaseInterruptedClaims = db.transaction((actor: string): DeliveryRecord[] => {
    const rows = (stmt.interrupted.all() as Row[]).map(toDelivery);
    const at = nowIso();
    for (const r of rows) {
      stmt.release.run(at, r.id);
      audit(resumedDeliveryEntry(r, actor));
    }
    return rows.map((r) => ({ ...r, state: 'pending' as const, resumed: true }));
  });

  const expireUnsent = db.transaction((createdBefore: string, entry: Omit<AuditEntry, 'distributionId'>, reason: string): string[] => {
    const at = nowIso();
    const ids = (stmt.expire.all({ at, createdBefore }) as Array<{ id: string }>).map((r) => r.id);
    for (const id of ids) {
      stmt.purgeDocuments.run(id);
      stmt.markPurged.run(at, id);
      stmt.eraseDeliveries.run({ id, at, reason });
      stmt.eraseAuditNames.run(id);
      audit({ ...entry, distributionId: id });
    }
    return ids;
  });

  return {
    async createDistribution(d, deliveries, documents, entries) {
      createDistribution(d, deliveries, documents, entries);
    },
    async getDistribution(id) {
      const r = stmt.getDistribution.get(id) as Row | undefined;
      return r ? toDistributionRecord(r, stmt.getDeliveries.all(id) as Row[], SQLITE_CODEC) : undefined;
    },
    async getDocument(distributionId, key) {
      const r = stmt.getDocument.get(distributionId, key) as Row | undefined;
      return r
        ? { key: r.key as string, fileName: r.file_name as string, contentType: r.content_type as string, content: r.content as Buffer }
        : undefined;
    },
    async requestSend(id, entry) {
      return requestSend(id, entry);
    },
    async dueDeliveryIds(distributionId, now) {
      return (stmt.due.all({ id: distributionId, now }) as Array<{ id: string }>).map((r) => r.id);
    },
    async nextPendingAt(distributionId) {
      const r = stmt.nextPending.get(distributionId) as { at: number | null };
      return r.at ?? undefined;
    },
    async claimDelivery(id, now, leaseMs = DEFAULT_CLAIM_LEASE_MS) {
      return claimDelivery(id, now, leaseMs);
    },
    async completeDelivery(claim, outcome, entry) {
      const { row, purged } = completeDelivery(claim, outcome, entry);
      if (purged) forgetDeletedPages();
      return row;
    },
    async releaseInterruptedClaims(actor) {
      return releaseInterruptedClaims(actor);
    },
    async expireUnsent(createdBefore, entry, reason) {
      const ids = expireUnsent(createdBefore, entry, reason);
      if (ids.length) forgetDeletedPages();
      return ids;
    },
    async distributionsToResume(now) {
      return (stmt.toResume.all({ now }) as Array<{ id: string }>).map((r) => r.id);
    },
    async distributionsDue(now) {
      return (stmt.dueDistributions.all({ now }) as Array<{ id: string }>).map((r) => r.id);
    },
  };
}
