/**
 * The DistributionStore on PostgreSQL, shared by every replica. Each method that changes
 * state is one transaction with its audit records, so a state and its record commit together.
 *
 * Between replicas:
 * - a claim locks its delivery row with `FOR UPDATE SKIP LOCKED` and commits a lease: of two
 *   replicas claiming at once one gets it and the other skips it, and the lease is re-checked
 *   on the committed row, so a live claim is never taken twice;
 * - finishing a delivery first locks its distribution's row, so of two replicas finishing the
 *   last two deliveries at once the second sees the first's commit and deletes the documents;
 * - finishing is fenced (`completionOf`): only the delivery's current claim (its attempt number)
 *   may end it, so a replica whose lease ran out mid-attempt cannot overwrite the outcome of the
 *   one that took over, except with `sent`, a fact that is recorded while the delivery is not sent;
 * - a send request and the expiry both lock the distribution's row: whichever commits first wins;
 * - nothing is released at start-up (`releaseInterruptedClaims`): a claim found then may be a
 *   live replica's, and only its lease ends it.
 */
import type pg from 'pg';
import { redactCpr } from '../shared/redact.js';
import { ignoredResultEntry, lateSentEntry, resumedDeliveryEntry } from '../distribution/audit-log.js';
import { FINAL_STATES } from '../distribution/distribution-records.js';
import { completionOf, DEFAULT_CLAIM_LEASE_MS, type DistributionStore } from '../distribution/distribution-store.js';
import { inTransaction } from './postgres-database.js';
import { writePostgresAudit } from './postgres-audit-log.js';
import { POSTGRES_CODEC, toDeliveryRecord, toDistributionRecord, type Row } from './row-codec.js';

type Db = pg.Pool | pg.PoolClient;

const FINAL_SQL = FINAL_STATES.map((s) => `'${s}'`).join(', ');
/** A delivery may be attempted only once its distribution's send was requested. */
const SEND_REQUESTED_SQL = `EXISTS (SELECT 1 FROM distributions x WHERE x.id = d.distribution_id AND x.send_requested_at IS NOT NULL)`;
/** Due at $now: pending and due, or claimed by an attempt whose lease ran out. */
const DUE_SQL = (now: string) => `((d.state = 'pending' AND d.next_attempt_at <= ${now}) OR (d.state = 'sending' AND d.lease_until <= ${now}))`;

const toDelivery = (r: Row) => toDeliveryRecord(r, POSTGRES_CODEC);

async function ids(db: Db, sql: string, params: unknown[]): Promise<string[]> {
  return (await db.query<{ id: string }>(sql, params)).rows.map((r) => r.id);
}

export function createPostgresDistributionStore(pool: pg.Pool): DistributionStore {
  const nowIso = () => new Date().toISOString();
  const audit = writePostgresAudit;

  /** Deletes the documents once every delivery has finished; the caller holds the distribution's row lock. */
  async function purgeIfFinished(c: pg.PoolClient, distributionId: string): Promise<void> {
    const { rows } = await c.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM deliveries WHERE distribution_id = $1 AND state NOT IN (${FINAL_SQL})`,
      [distributionId],
    );
    if ((rows[0]?.n ?? 0) > 0) return;
    await c.query(`DELETE FROM documents WHERE distribution_id = $1`, [distributionId]);
    await c.query(`UPDATE distributions SET documents_purged_at = $2 WHERE id = $1 AND documents_purged_at IS NULL`, [distributionId, nowIso()]);
  }

  /**
   * A claim whose lease ran out (its replica died mid-send) is taken over in a transaction
   * with its audit record; a committed live claim is seen in the row and is not due.
   */
  const takeOverExpiredClaim = (id: string, now: number, leaseMs: number) =>
    inTransaction(pool, async (c) => {
      const { rows } = await c.query(`SELECT d.* FROM deliveries d WHERE d.id = $1 AND ${DUE_SQL('$2')} AND ${SEND_REQUESTED_SQL} FOR UPDATE OF d SKIP LOCKED`, [id, now]);
      const before = rows[0] ? toDelivery(rows[0]) : undefined;
      if (!before) return undefined;
      const updated = await c.query(
        `UPDATE deliveries SET state = 'sending', attempts = attempts + 1, lease_until = $2, updated_at = $3,
           resumed = resumed OR state = 'sending'
         WHERE id = $1 RETURNING *`,
        [id, now + leaseMs, nowIso()],
      );
      if (before.state === 'sending') await audit(c, resumedDeliveryEntry(before, 'system'));
      return toDelivery(updated.rows[0]);
    });

  return {
    createDistribution: (d, deliveries, documents, entries) =>
      inTransaction(pool, async (c) => {
        const createdAt = nowIso();
        await c.query(
          `INSERT INTO distributions (id, kind, created_at, created_by, title, owner_id, owner_organisation) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
          [d.id, d.kind, createdAt, redactCpr(d.createdBy), redactCpr(d.title), d.owner.id, d.owner.organisation],
        );
        for (const [position, x] of deliveries.entries()) {
          await c.query(
            `INSERT INTO deliveries (id, distribution_id, position, role, name, organisation, channel, address, documents, subject, body, state, last_error, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
            [
              x.id,
              d.id,
              position,
              x.role,
              x.name,
              x.organisation,
              x.channel,
              // A delivery that needs manual handling is never attempted: it keeps no CPR.
              x.manualReason && x.channel === 'digital-post' ? null : x.address,
              JSON.stringify(x.documents),
              x.subject,
              x.manualReason ? null : x.text,
              x.manualReason ? 'manual' : 'pending',
              x.manualReason,
              createdAt,
            ],
          );
        }
        for (const doc of documents) {
          await c.query(`INSERT INTO documents (distribution_id, key, file_name, content_type, content) VALUES ($1, $2, $3, $4, $5)`, [
            d.id,
            doc.key,
            doc.fileName,
            doc.contentType,
            doc.content,
          ]);
        }
        for (const e of entries) await audit(c, e);
        await purgeIfFinished(c, d.id);
      }),

    async getDistribution(id) {
      const { rows } = await pool.query(`SELECT * FROM distributions WHERE id = $1`, [id]);
      const r = rows[0] as Row | undefined;
      if (!r) return undefined;
      const deliveries = await pool.query(`SELECT * FROM deliveries WHERE distribution_id = $1 ORDER BY position`, [id]);
      return toDistributionRecord(r, deliveries.rows, POSTGRES_CODEC);
    },

    async getDocument(distributionId, key) {
      const { rows } = await pool.query(`SELECT * FROM documents WHERE distribution_id = $1 AND key = $2`, [distributionId, key]);
      const r = rows[0] as Row | undefined;
      return r ? { key: r.key as string, fileName: r.file_name as string, contentType: r.content_type as string, content: r.content as Buffer } : undefined;
    },

    requestSend: (id, entry) =>
      inTransaction(pool, async (c) => {
        const { rows } = await c.query(`SELECT send_requested_at, expired_at FROM distributions WHERE id = $1 FOR UPDATE`, [id]);
        const r = rows[0] as Row | undefined;
        if (!r) return 'not-found';
        if (r.expired_at !== null) return 'expired';
        const first = r.send_requested_at === null;
        if (first) await c.query(`UPDATE distributions SET send_requested_at = $2, send_requested_by = $3 WHERE id = $1`, [id, nowIso(), redactCpr(entry.actor)]);
        await audit(c, entry);
        return first ? 'requested' : 'already-requested';
      }),

    dueDeliveryIds: (distributionId, now) =>
      ids(pool, `SELECT d.id FROM deliveries d WHERE d.distribution_id = $1 AND ${DUE_SQL('$2')} AND ${SEND_REQUESTED_SQL} ORDER BY d.position`, [distributionId, now]),

    async nextPendingAt(distributionId) {
      const { rows } = await pool.query<{ at: string | null }>(`SELECT min(next_attempt_at) AS at FROM deliveries WHERE distribution_id = $1 AND state = 'pending'`, [distributionId]);
      const at = rows[0]?.at;
      return at === null || at === undefined ? undefined : Number(at);
    },

    async claimDelivery(id, now, leaseMs = DEFAULT_CLAIM_LEASE_MS) {
      // The usual case, a pending delivery, in one statement (one round trip, one commit). A
      // claim held by another replica is skipped, not waited for.
      const { rows } = await pool.query(
        `UPDATE deliveries SET state = 'sending', attempts = attempts + 1, lease_until = $3, updated_at = $4
         WHERE id = (SELECT d.id FROM deliveries d WHERE d.id = $1 AND d.state = 'pending' AND d.next_attempt_at <= $2 AND ${SEND_REQUESTED_SQL} FOR UPDATE OF d SKIP LOCKED)
         RETURNING *`,
        [id, now, now + leaseMs, nowIso()],
      );
      if (rows[0]) return toDelivery(rows[0]);
      return takeOverExpiredClaim(id, now, leaseMs);
    },

    completeDelivery: (claim, outcome, entry) =>
      inTransaction(pool, async (c) => {
        // The distribution's row first: completions of one distribution follow one another.
        await c.query(`SELECT 1 FROM distributions x JOIN deliveries d ON d.distribution_id = x.id WHERE d.id = $1 FOR UPDATE OF x`, [claim.id]);
        // The fence: decided on the delivery as committed now, locked until this commits (a claim
        // committed meanwhile is waited for and seen).
        const { rows: found } = await c.query(`SELECT state, attempts FROM deliveries WHERE id = $1 FOR UPDATE`, [claim.id]);
        const completion = completionOf(found[0] && { state: found[0].state, attempts: Number(found[0].attempts) }, claim, outcome);
        if (completion === 'ignored') {
          await audit(c, ignoredResultEntry(entry, outcome, claim.attempts));
          return undefined;
        }
        const at = nowIso();
        const { rows } = await c.query(
          `UPDATE deliveries SET state = $2, reference = $3, last_error = $4, next_attempt_at = $5, sent_at = $6, updated_at = $7,
             -- a CPR number and the text naming the citizen are kept only while the delivery may still be attempted
             address = CASE WHEN channel = 'digital-post' AND $2 IN (${FINAL_SQL}) THEN NULL ELSE address END,
             body = CASE WHEN $2 IN (${FINAL_SQL}) THEN NULL ELSE body END
           WHERE id = $1 RETURNING *`,
          [
            claim.id,
            outcome.state,
            outcome.state === 'sent' ? outcome.reference : null,
            outcome.state === 'sent' ? null : redactCpr(outcome.reason),
            outcome.state === 'pending' ? outcome.nextAttemptAt : 0,
            outcome.state === 'sent' ? at : null,
            at,
          ],
        );
        const row = toDelivery(rows[0]);
        await audit(c, completion === 'late-sent' ? lateSentEntry(entry, claim.attempts) : entry);
        await purgeIfFinished(c, row.distributionId);
        return row;
      }),

    // See the header: on a shared database a claim found at start-up may be a live replica's.
    releaseInterruptedClaims: async () => [],

    expireUnsent: (createdBefore, entry, reason) =>
      inTransaction(pool, async (c) => {
        const at = nowIso();
        const expired = await ids(
          c,
          `UPDATE distributions SET expired_at = $1, documents_purged_at = coalesce(documents_purged_at, $1)
           WHERE send_requested_at IS NULL AND expired_at IS NULL AND created_at < $2 RETURNING id`,
          [at, createdBefore],
        );
        if (!expired.length) return [];
        await c.query(`DELETE FROM documents WHERE distribution_id = ANY($1)`, [expired]);
        // What a delivery that was never sent keeps: its role, channel, documents' keys, state and reason.
        await c.query(
          `UPDATE deliveries SET name = '', organisation = '', address = NULL, body = NULL, subject = '', updated_at = $2,
             last_error = CASE WHEN state IN (${FINAL_SQL}) THEN last_error ELSE $3 END,
             state = CASE WHEN state IN (${FINAL_SQL}) THEN state ELSE 'expired' END
           WHERE distribution_id = ANY($1)`,
          [expired, at, reason],
        );
        await c.query(`UPDATE audit_log SET name = NULL WHERE distribution_id = ANY($1)`, [expired]);
        for (const distributionId of expired) await audit(c, { ...entry, distributionId });
        return expired;
      }),

    distributionsToResume: (now) =>
      ids(
        pool,
        `SELECT DISTINCT d.distribution_id AS id FROM deliveries d
         WHERE (d.state = 'pending' OR (d.state = 'sending' AND d.lease_until <= $1)) AND ${SEND_REQUESTED_SQL} ORDER BY 1`,
        [now],
      ),

    distributionsDue: (now) =>
      ids(pool, `SELECT DISTINCT d.distribution_id AS id FROM deliveries d WHERE ${DUE_SQL('$1')} AND ${SEND_REQUESTED_SQL} ORDER BY 1`, [now]),
  };
}
