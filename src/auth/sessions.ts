/**
 * A person's login session: kept in the store (SessionStore), found by the cookie's token,
 * ended by logout, by the idle timeout and by the absolute timeout. The store only ever
 * sees the token's HMAC.
 */
import { timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';
import type { SessionRecord, SessionStore } from './auth-stores.js';
import { clearCookie, randomToken, readCookie, SESSION_COOKIE, sessionIdOf, setCookie } from './cookies.js';
import type { Identity } from './identity.js';

export interface SessionOptions {
  store: SessionStore;
  secret: string;
  idleMs: number;
  absoluteMs: number;
  now: () => number;
}

export interface Sessions {
  /** Starts a session for a person who has just logged in, replacing any the browser had. */
  start(req: Request, res: Response, identity: Identity, idToken: string | undefined): Promise<SessionRecord>;
  /** The live session of the request's cookie; an expired or unknown one is deleted and its cookie cleared. */
  find(req: Request, res: Response): Promise<SessionRecord | undefined>;
  /** Ends the request's session for good; returns what it was. */
  end(req: Request, res: Response): Promise<SessionRecord | undefined>;
}

/** Activity is written at most this often: the idle timeout is kept to within a minute. */
const TOUCH_EVERY_MS = 60_000;

export function createSessions(o: SessionOptions): Sessions {
  const idOf = (req: Request) => {
    const token = readCookie(req, SESSION_COOKIE);
    return token ? sessionIdOf(o.secret, token) : undefined;
  };
  const live = (s: SessionRecord, now: number) => s.expiresAt > now && s.lastSeenAt + o.idleMs > now;

  return {
    async start(req, res, identity, idToken) {
      const old = idOf(req);
      if (old) await o.store.delete(old);
      const now = o.now();
      // Expired sessions are swept as new ones begin: no timer, and the table stays small.
      await o.store.deleteExpired(now, now - o.idleMs);
      const token = randomToken();
      const session: SessionRecord = {
        id: sessionIdOf(o.secret, token),
        identity,
        csrfToken: randomToken(),
        idToken,
        createdAt: now,
        lastSeenAt: now,
        expiresAt: now + o.absoluteMs,
      };
      await o.store.create(session);
      setCookie(res, SESSION_COOKIE, token);
      return session;
    },

    async find(req, res) {
      const id = idOf(req);
      if (!id) return undefined;
      const session = await o.store.get(id);
      const now = o.now();
      if (!session || !live(session, now)) {
        if (session) await o.store.delete(id);
        clearCookie(res, SESSION_COOKIE);
        return undefined;
      }
      if (now - session.lastSeenAt >= TOUCH_EVERY_MS) await o.store.touch(id, now);
      return session;
    },

    async end(req, res) {
      const id = idOf(req);
      clearCookie(res, SESSION_COOKIE);
      if (!id) return undefined;
      const session = await o.store.get(id);
      await o.store.delete(id);
      return session;
    },
  };
}

/** The page's X-CSRF-Token must be the session's own. */
export function csrfMatches(session: SessionRecord, presented: string | undefined): boolean {
  if (!presented) return false;
  const a = Buffer.from(session.csrfToken);
  const b = Buffer.from(presented);
  return a.length === b.length && timingSafeEqual(a, b);
}
