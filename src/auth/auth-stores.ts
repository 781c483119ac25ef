/**
 * The state of authentication, behind small async interfaces so that every replica can share
 * it (SQLite in the service's file, or PostgreSQL with DATABASE_URL: src/storage/open-stores.ts):
 * login sessions, and the rate limit's counters.
 */
import type { Identity } from './identity.js';

export interface SessionRecord {
  /** An HMAC of the cookie's token under SESSION_SECRET: never the token itself. */
  id: string;
  identity: Identity;
  /** Sent back by the pages in X-CSRF-Token with every state-changing request. */
  csrfToken: string;
  /** The ID token, as the hint for logging out at the identity provider too. */
  idToken: string | undefined;
  /** Epoch ms. */
  createdAt: number;
  /** Epoch ms of the last request seen (the idle timeout counts from it). */
  lastSeenAt: number;
  /** Epoch ms of the absolute end. */
  expiresAt: number;
}

export interface SessionStore {
  create(session: SessionRecord): Promise<void>;
  get(id: string): Promise<SessionRecord | undefined>;
  touch(id: string, at: number): Promise<void>;
  delete(id: string): Promise<void>;
  /** Deletes every session past its absolute end at `now` or idle since before `idleSince`; returns how many. */
  deleteExpired(now: number, idleSince: number): Promise<number>;
}

export interface RateLimitHits {
  hits: number;
  /** Epoch ms when the window ends and the count starts again. */
  resetAt: number;
}

export interface RateLimitCounter {
  /** Counts one request of `key`; a new window of `windowMs` starts when the last one has ended. */
  hit(key: string, now: number, windowMs: number): Promise<RateLimitHits>;
  /** Takes one request back. */
  undo(key: string): Promise<void>;
  reset(key: string): Promise<void>;
}

export interface AuthStores {
  readonly kind: string;
  sessions: SessionStore;
  rateLimits: RateLimitCounter;
  close(): Promise<void>;
}
