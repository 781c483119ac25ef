/**
 * Sessions and rate-limit counters in the service's SQLite file, on their own connection:
 * they are written on every request, so they commit without waiting for the disk
 * (`synchronous = NORMAL`); losing the last moments of them in a power cut costs a login or
 * a few counted requests, never a delivery.
 */
import { openSqliteDatabase } from './sqlite-database.js';
import type { AuthStores, RateLimitCounter, SessionRecord, SessionStore } from '../auth/auth-stores.js';
import type { Identity } from '../auth/identity.js';

type Row = Record<string, unknown>;

export function openSqliteAuthStores(file: string): AuthStores {
  const db = openSqliteDatabase(file, { synchronous: 'NORMAL' });
  const stmt = {
    insertSession: db.prepare(
      `INSERT INTO sessions (id, identity, csrf_token, id_token, created_at, last_seen_at, expires_at)
       VALUES (@id, @identity, @csrfToken, @idToken, @createdAt, @lastSeenAt, @expiresAt)`,
    ),
    getSession: db.prepare(`SELECT * FROM sessions WHERE id = ?`),
    touchSession: db.prepare(`UPDATE sessions SET last_seen_at = MAX(last_seen_at, ?) WHERE id = ?`),
    deleteSession: db.prepare(`DELETE FROM sessions WHERE id = ?`),
    deleteExpiredSessions: db.prepare(`DELETE FROM sessions WHERE expires_at <= ? OR last_seen_at < ?`),
    hit: db.prepare(
      `INSERT INTO rate_limits (key, hits, reset_at) VALUES (@key, 1, @now + @windowMs)
       ON CONFLICT (key) DO UPDATE SET
         hits = CASE WHEN reset_at <= @now THEN 1 ELSE hits + 1 END,
         reset_at = CASE WHEN reset_at <= @now THEN @now + @windowMs ELSE reset_at END
       RETURNING hits, reset_at`,
    ),
    undo: db.prepare(`UPDATE rate_limits SET hits = MAX(hits - 1, 0) WHERE key = ?`),
    reset: db.prepare(`DELETE FROM rate_limits WHERE key = ?`),
    deleteEndedWindows: db.prepare(`DELETE FROM rate_limits WHERE reset_at <= ?`),
  };

  const sessions: SessionStore = {
    async create(s) {
      stmt.insertSession.run({
        id: s.id,
        identity: JSON.stringify(s.identity),
        csrfToken: s.csrfToken,
        idToken: s.idToken ?? null,
        createdAt: s.createdAt,
        lastSeenAt: s.lastSeenAt,
        expiresAt: s.expiresAt,
      });
    },
    async get(id) {
      const r = stmt.getSession.get(id) as Row | undefined;
      if (!r) return undefined;
      return {
        id: r.id as string,
        identity: JSON.parse(r.identity as string) as Identity,
        csrfToken: r.csrf_token as string,
        idToken: (r.id_token as string | null) ?? undefined,
        createdAt: r.created_at as number,
        lastSeenAt: r.last_seen_at as number,
        expiresAt: r.expires_at as number,
      } satisfies SessionRecord;
    },
    async touch(id, at) {
      stmt.touchSession.run(at, id);
    },
    async delete(id) {
      stmt.deleteSession.run(id);
    },
    async deleteExpired(now, idleSince) {
      return stmt.deleteExpiredSessions.run(now, idleSince).changes;
    },
  };

  // Ended windows are swept once a minute at most, so the table holds only live clients.
  let sweptAt = 0;
  const rateLimits: RateLimitCounter = {
    async hit(key, now, windowMs) {
      if (now - sweptAt >= 60_000) {
        stmt.deleteEndedWindows.run(now);
        sweptAt = now;
      }
      const r = stmt.hit.get({ key, now, windowMs }) as { hits: number; reset_at: number };
      return { hits: r.hits, resetAt: r.reset_at };
    },
    async undo(key) {
      stmt.undo.run(key);
    },
    async reset(key) {
      stmt.reset.run(key);
    },
  };

  return {
    kind: 'sqlite',
    sessions,
    rateLimits,
    async close() {
      db.close();
    },
  };
}
