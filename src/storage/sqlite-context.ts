/** What every SQLite store is built from: the one connection, and what they share. */
import type Database from 'better-sqlite3';
import type { AuditEntry } from '../distribution/audit-log.js';

export interface SqliteContext {
  db: Database.Database;
  /** Writes an audit record now, inside the caller's transaction if there is one. */
  writeAudit(entry: AuditEntry): void;
  /**
   * The WAL file still holds earlier versions of deleted pages; writing them back and
   * truncating it leaves deleted data nowhere on disk (secure_delete zeroes the pages).
   */
  forgetDeletedPages(): void;
}
