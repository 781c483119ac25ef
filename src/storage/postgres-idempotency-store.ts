/** The IdempotencyStore on PostgreSQL: the first answer under a key stays, whichever replica saved it. */
import type pg from 'pg';
import type { IdempotencyStore } from '../distribution/idempotency-store.js';

export function createPostgresIdempotencyStore(pool: pg.Pool): IdempotencyStore {
  return {
    async get(key) {
      const { rows } = await pool.query<{ distribution_id: string; body: unknown }>(`SELECT distribution_id, body FROM idempotency_keys WHERE key = $1`, [key]);
      const r = rows[0];
      return r ? { distributionId: r.distribution_id, body: r.body } : undefined;
    },
    async save(key, answer) {
      await pool.query(
        `INSERT INTO idempotency_keys (key, distribution_id, body, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (key) DO NOTHING`,
        [key, answer.distributionId, JSON.stringify(answer.body), new Date().toISOString()],
      );
    },
    async deleteBefore(createdBefore) {
      return (await pool.query(`DELETE FROM idempotency_keys WHERE created_at < $1`, [createdBefore])).rowCount ?? 0;
    },
  };
}
