/** The AuditLog on PostgreSQL; its writer is shared with the stores that audit inside their transactions. */
import type pg from 'pg';
import { scrubAuditEntry, type AuditEntry, type AuditLog } from '../distribution/audit-log.js';
import { POSTGRES_CODEC, toAuditRecord, type Row } from './row-codec.js';

/** Writes one audit record on `db` (a transaction's connection, or the pool), scrubbed of anything CPR-like. */
export async function writePostgresAudit(db: pg.Pool | pg.PoolClient, e: AuditEntry): Promise<void> {
  const x = scrubAuditEntry(e);
  await db.query(
    `INSERT INTO audit_log (at, actor, action, distribution_id, delivery_id, role, name, channel, outcome, detail)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [new Date().toISOString(), x.actor, x.action, x.distributionId, x.deliveryId, x.role, x.name, x.channel, x.outcome, x.detail],
  );
}

const toAudit = (r: Row) => toAuditRecord(r, POSTGRES_CODEC);

export function createPostgresAuditLog(pool: pg.Pool): AuditLog {
  return {
    append: (entry) => writePostgresAudit(pool, entry),
    async list(distributionId) {
      const { rows } = distributionId
        ? await pool.query(`SELECT * FROM audit_log WHERE distribution_id = $1 ORDER BY id`, [distributionId])
        : await pool.query(`SELECT * FROM audit_log ORDER BY id`);
      return rows.map(toAudit);
    },
  };
}
