/** The AuditLog on SQLite; its writer is shared with the stores that audit inside their transactions. */
import type Database from 'better-sqlite3';
import { scrubAuditEntry, type AuditEntry, type AuditLog } from '../distribution/audit-log.js';
import type { SqliteContext } from './sqlite-context.js';
import { SQLITE_CODEC, toAuditRecord, type Row } from './row-codec.js';

/** Writes one audit record now (inside the caller's transaction, if any), scrubbed of anything CPR-like. */
export function prepareAuditWriter(db: Database.Database): (e: AuditEntry) => void {
  const insert = db.prepare(
    `INSERT INTO audit_log (at, actor, action, distribution_id, delivery_id, role, name, channel, outcome, detail)
     VALUES (@at, @actor, @action, @distributionId, @deliveryId, @role, @name, @channel, @outcome, @detail)`,
  );
  return (e) => {
    insert.run({ at: new Date().toISOString(), ...scrubAuditEntry(e) });
  };
}

const toAudit = (r: Row) => toAuditRecord(r, SQLITE_CODEC);

export function createSqliteAuditLog({ db, writeAudit }: SqliteContext): AuditLog {
  const forDistribution = db.prepare(`SELECT * FROM audit_log WHERE distribution_id = ? ORDER BY id`);
  const all = db.prepare(`SELECT * FROM audit_log ORDER BY id`);
  return {
    async append(entry) {
      writeAudit(entry);
    },
    async list(distributionId) {
      return ((distributionId ? forDistribution.all(distributionId) : all.all()) as Row[]).map(toAudit);
    },
  };
}
