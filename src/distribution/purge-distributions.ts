/**
 * The periodic purge: what is not needed any more is deleted.
 *
 * - A distribution prepared and never sent expires once it is older than the configured
 *   time (DISTRIBUTION_UNSENT_TTL_HOURS): its documents and its recipients' personal data
 *   go, the audit facts stay (life-cycle.ts, the store's `expireUnsent`).
 * - The stored answer to a send request with an Idempotency-Key (it lists the recipients)
 *   is kept for a day: long enough for any client's retries.
 *
 * It runs at start-up and then on a schedule (croner), with an injected clock so tests can
 * fix the time. The expiry takes effect at the first run after the time is up, or at the
 * first send request after it (request-send.ts runs it first), whichever comes sooner.
 */
import { Cron } from 'croner';
import type { Logger } from '../shared/logger.js';
import type { DistributionStores } from './distribution-store.js';

/** Every 15 minutes: a distribution expires at most that late. */
export const PURGE_SCHEDULE = '*/15 * * * *';
export const IDEMPOTENT_ANSWER_TTL_MS = 24 * 3_600_000;

const SYSTEM_ACTOR = 'system';
const EXPIRED_REASON = 'Udsendelsen udløb, før nogen bad om at sende den; intet er sendt.';

export interface PurgeDeps {
  stores: Pick<DistributionStores, 'distributions' | 'idempotency'>;
  logger: Logger;
  /** How long a prepared distribution waits for a send request. */
  unsentTtlMs: number;
  now: () => number;
}

export interface PurgeResult {
  expired: string[];
  forgottenAnswers: number;
}

export async function purgeDistributions(deps: PurgeDeps): Promise<PurgeResult> {
  const now = deps.now();
  const expired = await deps.stores.distributions.expireUnsent(
    new Date(now - deps.unsentTtlMs).toISOString(),
    {
      actor: SYSTEM_ACTOR,
      action: 'distribution-expired',
      outcome: 'udløbet uden at være sendt',
      detail: `Ikke sendt inden for ${Math.round(deps.unsentTtlMs / 3_600_000)} timer: dokumenterne og modtagernes personoplysninger er slettet.`,
    },
    EXPIRED_REASON,
  );
  const forgottenAnswers = await deps.stores.idempotency.deleteBefore(new Date(now - IDEMPOTENT_ANSWER_TTL_MS).toISOString());
  if (expired.length || forgottenAnswers) deps.logger.info({ expired: expired.length, forgottenAnswers }, 'distributions purged');
  return { expired, forgottenAnswers };
}

/** Runs the purge on `pattern` until stopped; the timer never keeps the process alive. */
export function schedulePurge(deps: PurgeDeps, pattern = PURGE_SCHEDULE): Cron {
  return new Cron(pattern, { unref: true, protect: true }, async () => {
    try {
      await purgeDistributions(deps);
    } catch (err) {
      deps.logger.error({ err }, 'purging distributions failed');
    }
  });
}
