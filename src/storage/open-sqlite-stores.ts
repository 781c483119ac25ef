/**
 * All the stores of `Stores` on one connection to the service's SQLite file
 * (sqlite-database.ts: WAL, `secure_delete`, owner-only, versioned migrations), with
 * `synchronous = FULL` so a committed state survives a power cut (a delivery marked sent
 * must stay sent). better-sqlite3 is synchronous: each store does its work, transactions
 * included, inside one call and answers with a settled promise.
 */
import { openSqliteDatabase } from './sqlite-database.js';
import { createSqliteAuditLog, prepareAuditWriter } from './sqlite-audit-log.js';
import { createSqliteDistributionStore } from './sqlite-distribution-store.js';
import { createSqliteIdempotencyStore } from './sqlite-idempotency-store.js';
import { createSqliteFollowUpStore } from './sqlite-follow-up-store.js';
import type { SqliteContext } from './sqlite-context.js';
import type { Stores } from './stores.js';

/** Opens (creating if need be) the database file, or `:memory:`, with every store on it. */
export function openSqliteStores(file: string): Stores {
  const db = openSqliteDatabase(file, { synchronous: 'FULL' });
  const context: SqliteContext = {
    db,
    writeAudit: prepareAuditWriter(db),
    forgetDeletedPages() {
      try {
        // See SqliteContext: no copy of a deleted page stays in the WAL.
        db.pragma('wal_checkpoint(TRUNCATE)');
      } catch {
        // A busy reader only postpones it to the next checkpoint.
      }
    },
  };
  return {
    kind: 'sqlite',
    shared: false,
    distributions: createSqliteDistributionStore(context),
    audit: createSqliteAuditLog(context),
    idempotency: createSqliteIdempotencyStore(context),
    followUps: createSqliteFollowUpStore(context),
    async close() {
      db.close();
    },
  };
}
