/**
 * Sessions and rate-limit counters in the PostgreSQL database every replica shares, so a
 * person stays logged in and a client is counted once whichever replica answers. Their own
 * small pool commits without waiting for the disk (`synchronous_commit = off`): they are
 * written on every request, and losing the last moments of them in a crash of the database
 * server costs a login or a few counted requests, never a delivery.
 */
import { openPostgresPool } from './postgres-database.js';
import type { AuthStores, RateLimitCounter, SessionStore } from '../auth/auth-stores.js';
import type { Identity } from '../auth/identity.js';

type Row = Record<string, unknown>;

export async function openPostgresAuthStores(url: string, options: { onError?: (err: Error) => void } = {}): Promise<AuthStores> {
  const pool = await openPostgresPool(url, { synchronousCommit: false, max: 5, onError: options.onError });

  const sessions: SessionStore = {
    async create(s) {
      await pool.query(
        `INSERT INTO sessions (id, identity, csrf_token, id_token, created_at, last_seen_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [s.id, JSON.stringify(s.identity), s.csrfToken, s.idToken ?? null, s.createdAt, s.lastSeenAt, s.expiresAt],
      );
    },
    async get(id) {
      const r = (await pool.query(`SELECT * FROM sessions WHERE id = $1`, [id])).rows[0] as Row | undefined;
      if (!r) return undefined;
      return {
        id: r.id as string,
        identity: r.identity as Identity,
        csrfToken: r.csrf_token as string,
        idToken: (r.id_token as string | null) ?? undefined,
        createdAt: Number(r.created_at),
        lastSeenAt: Number(r.last_seen_at),
        expiresAt: Number(r.expires_at),
      };
    },
    async touch(id, at) {
      await pool.query(`UPDATE sessions SET last_seen_at = greatest(last_seen_at, $2) WHERE id = $1`, [id, at]);
    },
    async delete(id) {
      await pool.query(`DELETE FROM sessions WHERE id = $1`, [id]);
    },
    async deleteExpired(now, idleSince) {
      return (await pool.query(`DELETE FROM sessions WHERE expires_at <= $1 OR last_seen_at < $2`, [now, idleSince])).rowCount ?? 0;
    },
  };

  // Ended windows are swept once a minute at most by each replica, so the table holds only live clients.
  let sweptAt = 0;
  const rateLimits: RateLimitCounter = {
    async hit(key, now, windowMs) {
      if (now - sweptAt >= 60_000) {
        sweptAt = now;
        await pool.query(`DELETE FROM rate_limits WHERE reset_at <= $1`, [now]);
      }
      // One statement: two replicas counting the same client at once both count.
      const { rows } = await pool.query<{ hits: number; reset_at: string }>(
        `INSERT INTO rate_limits AS r (key, hits, reset_at) VALUES ($1, 1, $2::bigint + $3::bigint)
         ON CONFLICT (key) DO UPDATE SET
           hits = CASE WHEN r.reset_at <= $2::bigint THEN 1 ELSE r.hits + 1 END,
           reset_at = CASE WHEN r.reset_at <= $2::bigint THEN $2::bigint + $3::bigint ELSE r.reset_at END
         RETURNING hits, reset_at`,
        [key, now, windowMs],
      );
      return { hits: rows[0]!.hits, resetAt: Number(rows[0]!.reset_at) };
    },
    async undo(key) {
      await pool.query(`UPDATE rate_limits SET hits = greatest(hits - 1, 0) WHERE key = $1`, [key]);
    },
    async reset(key) {
      await pool.query(`DELETE FROM rate_limits WHERE key = $1`, [key]);
    },
  };

  return { kind: 'postgres', sessions, rateLimits, close: () => pool.end() };
}
