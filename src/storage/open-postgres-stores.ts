/**
 * All the stores of `Stores` on one pool of connections to the PostgreSQL database that every
 * replica shares (postgres-database.ts: versioned migrations under an advisory lock). Commits
 * wait for the disk (`synchronous_commit` on): a delivery marked sent stays sent.
 */
import { openPostgresPool } from './postgres-database.js';
import { createPostgresAuditLog } from './postgres-audit-log.js';
import { createPostgresDistributionStore } from './postgres-distribution-store.js';
import { createPostgresIdempotencyStore } from './postgres-idempotency-store.js';
import { createPostgresFollowUpStore } from './postgres-follow-up-store.js';
import type { Stores } from './stores.js';

export async function openPostgresStores(url: string, options: { onError?: (err: Error) => void } = {}): Promise<Stores> {
  const pool = await openPostgresPool(url, { onError: options.onError });
  return {
    kind: 'postgres',
    shared: true,
    distributions: createPostgresDistributionStore(pool),
    audit: createPostgresAuditLog(pool),
    idempotency: createPostgresIdempotencyStore(pool),
    followUps: createPostgresFollowUpStore(pool),
    close: () => pool.end(),
  };
}
