/** The IdempotencyStore on SQLite: the first answer under a key stays. */
import type { IdempotencyStore } from '../distribution/idempotency-store.js';
import type { SqliteContext } from './sqlite-context.js';

export function createSqliteIdempotencyStore({ db, forgetDeletedPages }: SqliteContext): IdempotencyStore {
  const get = db.prepare(`SELECT distribution_id, body FROM idempotency_keys WHERE key = ?`);
  const insert = db.prepare(`INSERT OR IGNORE INTO idempotency_keys (key, distribution_id, body, created_at) VALUES (?, ?, ?, ?)`);
  const deleteBefore = db.prepare(`DELETE FROM idempotency_keys WHERE created_at < ?`);
  return {
    async get(key) {
      const r = get.get(key) as { distribution_id: string; body: string } | undefined;
      return r ? { distributionId: r.distribution_id, body: JSON.parse(r.body) as unknown } : undefined;
    },
    async save(key, answer) {
      insert.run(key, answer.distributionId, JSON.stringify(answer.body), new Date().toISOString());
    },
    async deleteBefore(createdBefore) {
      const n = deleteBefore.run(createdBefore).changes;
      // The answers list recipients: gone from the disk too.
      if (n) forgetDeletedPages();
      return n;
    },
  };
}
