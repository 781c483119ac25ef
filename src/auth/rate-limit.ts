/**
 * The rate limit (express-rate-limit): per client identity (a key, a person), and per IP
 * address for clients not (yet) identified, which includes every failed attempt with a key.
 * The counters live in the RateLimitCounter of the auth stores, so every replica counts
 * together. Over the limit: 429 with Retry-After, as a problem document.
 */
import type { Request, RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit, type Store } from 'express-rate-limit';
import type { AuthConfig } from '../shared/config.js';
import { AppError } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import type { RateLimitCounter } from './auth-stores.js';
import type { Identity } from './identity.js';

export interface RateLimitDeps {
  counter: RateLimitCounter;
  limits: AuthConfig['rateLimit'];
  /** The identity the request was found to have, if any. */
  identityOf: (req: Request) => Identity | undefined;
  /** Requests not counted: the health probes. */
  skip: (req: Request) => boolean;
  logger: Logger;
}

/** express-rate-limit's store interface on a RateLimitCounter. */
export function counterStore(counter: RateLimitCounter, windowMs: number): Store {
  return {
    localKeys: false,
    prefix: 'rl:',
    async increment(key) {
      const r = await counter.hit(key, Date.now(), windowMs);
      return { totalHits: r.hits, resetTime: new Date(r.resetAt) };
    },
    decrement: (key) => counter.undo(key),
    resetKey: (key) => counter.reset(key),
  };
}

export function createRateLimit(deps: RateLimitDeps): RequestHandler {
  const { windowMs, perIdentity, perAddress } = deps.limits;
  return rateLimit({
    windowMs,
    store: counterStore(deps.counter, windowMs),
    keyGenerator: (req) => {
      const identity = deps.identityOf(req);
      return identity ? `id:${identity.id}` : `ip:${ipKeyGenerator(req.ip ?? 'unknown')}`;
    },
    limit: (req) => (deps.identityOf(req) ? perIdentity : perAddress),
    skip: deps.skip,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    // A database that cannot count must not take the service down with it.
    passOnStoreError: true,
    logger: {
      warn: (err, message) => deps.logger.warn({ err }, message ?? 'rate limit'),
      error: (err, message) => deps.logger.error({ err }, message ?? 'rate limit'),
    },
    handler: (req, _res, next) => {
      const resetTime = (req as Request & { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
      const retryAfter = resetTime ? Math.max(1, Math.ceil((resetTime.getTime() - Date.now()) / 1000)) : Math.ceil(windowMs / 1000);
      next(new AppError('rate-limited', `Prøv igen om ${retryAfter} sekunder.`, { retryAfter }));
    },
  });
}
