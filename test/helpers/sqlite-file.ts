/** Reading a SQLite database file past the stores, as an auditor of the file would. */
import { existsSync, readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { openSqliteStores } from '../../src/storage/open-sqlite-stores.js';
import type { Stores } from '../../src/storage/stores.js';

/** Every row of a table, read through a separate read-only connection. */
export function sqliteRows(file: string, table: string): Array<Record<string, unknown>> {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare(`SELECT * FROM ${table}`).all() as Array<Record<string, unknown>>;
  } finally {
    db.close();
  }
}

/** True when the text is anywhere in the database file or its WAL, the free space of deleted rows included. */
export function sqliteFileContains(file: string, text: string): boolean {
  return ['', '-wal'].some((ext) => existsSync(file + ext) && readFileSync(file + ext).includes(Buffer.from(text, 'utf8')));
}

/** Works on the database file through the stores, as another process would, and closes them again. */
export async function withSqliteStores<T>(file: string, fn: (stores: Stores) => Promise<T>): Promise<T> {
  const stores = openSqliteStores(file);
  try {
    return await fn(stores);
  } finally {
    await stores.close();
  }
}
