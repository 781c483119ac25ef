/** The AuditLog on SQLite; its writer is shared with the stores that audit inside their transactions. */
import type Database from 'better-sqlite3';
import { redactCpr } from '../shared/redact.js';
import type { AuditEntry, AuditLog, AuditRecord } from '../distribution/audit-log.js';
import type { SqliteContext } from './sqlite-context.js';

type Row = Record<string, unknown>;

/** Writes one audit record now (inside the caller's transaction, if any), scrubbed of anything CPR-like. */
export function prepareAuditWriter(db: Database.Database): (e: AuditEntry) => void {
  const insert = db.prepare(
    `INSERT INTO audit_log (at, actor, action, distribution_id, delivery_id, role, name, channel, outcome, detail)
     VALUES (@at, @actor, @action, @distributionId, @deliveryId, @role, @name, @channel, @outcome, @detail)`,
  );
  return (e) => {
    insert.run({
      at: new Date().toISOString(),
      actor: redactCpr(e.actor),
      action: e.action,
      distributionId: e.distributionId,
      deliveryId: e.deliveryId ?? null,
      role: e.role ?? null,
      name: e.name === undefined || e.name === null ? null : redactCpr(e.name),
      channel: e.channel ?? null,
      outcome: redactCpr(e.outcome),
      detail: e.detail ? redactCpr(e.detail) : null,
    });
  };
}

function toAudit(r: Row): AuditRecord {
  return {
    id: r.id as number,
    at: r.at as string,
    actor: r.actor as string,
    action: r.action as AuditRecord['action'],
    distributionId: r.distribution_id as string,
    deliveryId: (r.delivery_id as string | null) ?? null,
    role: (r.role as AuditRecord['role']) ?? null,
    name: (r.name as string | null) ?? null,
    channel: (r.channel as AuditRecord['channel']) ?? null,
    outcome: r.outcome as string,
    detail: (r.detail as string | null) ?? null,
  };
}

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
