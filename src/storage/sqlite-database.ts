/**
 * Opens the service's SQLite file (better-sqlite3) with the schema migrated: every store
 * (distributions, sessions, rate limits) opens its own connection to the same file through
 * here. WAL journal so readers never wait for the sender, `secure_delete` so erased data is
 * overwritten, and the owner alone may read the file.
 */
import { chmodSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { MIGRATIONS } from './sqlite-migrations.js';

export interface SqliteOptions {
  /**
   * `FULL` (default): a committed state survives a power cut (a delivery marked sent must stay
   * sent). `NORMAL`: for state that may lose its last moments (rate-limit counters, session
   * activity) and is written on every request.
   */
  synchronous?: 'FULL' | 'NORMAL';
}

export function openSqliteDatabase(file: string, options: SqliteOptions = {}): Database.Database {
  if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const db = new Database(file);
  // The file holds documents with CPR numbers until they are sent: owner only (SQLite gives
  // its -wal and -shm files the same mode).
  if (file !== ':memory:') chmodSync(file, 0o600);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`);
  // Deleted documents and erased CPR numbers are overwritten, not left in free pages.
  db.pragma('secure_delete = ON');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = OFF');
  migrate(db);
  db.pragma('foreign_keys = ON');
  return db;
}

/**
 * Runs the pending migrations with foreign keys off, as SQLite prescribes for rebuilding a table
 * others refer to (the only way to change a constraint): dropping the old table must not cascade
 * to its children. Every reference is checked before the commit instead.
 */
function migrate(db: Database.Database): void {
  // Two connections opening at once would both see the old version: the write lock decides.
  db.transaction(() => {
    const current = db.pragma('user_version', { simple: true }) as number;
    if (current > MIGRATIONS.length) {
      throw new Error(`database schema version ${current} is newer than this service (${MIGRATIONS.length})`);
    }
    MIGRATIONS.slice(current).forEach((sql, i) => {
      db.exec(sql);
      db.pragma(`user_version = ${current + i + 1}`);
    });
    if (current < MIGRATIONS.length && (db.pragma('foreign_key_check') as unknown[]).length > 0) {
      throw new Error('a migration left rows that refer to nothing');
    }
  }).immediate();
}
