/**
 * Opens the service's stores as configured, the one place that chooses the implementation:
 * PostgreSQL when DATABASE_URL is set (every replica's state in one shared database), else
 * the SQLite file in DATA_DIR (one process). Both pass the same contract suite
 * (test/helpers/store-contract.ts).
 */
import type { AuthStores } from '../auth/auth-stores.js';
import { openPostgresAuthStores } from './postgres-auth-stores.js';
import { openSqliteAuthStores } from './sqlite-auth-stores.js';
import type { Config } from '../shared/config.js';
import type { Logger } from '../shared/logger.js';
import { openPostgresStores } from './open-postgres-stores.js';
import { openSqliteStores } from './open-sqlite-stores.js';
import type { Stores } from './stores.js';

type DatabaseConfig = Pick<Config, 'databaseFile' | 'databaseUrl'>;

/** A lost idle connection is replaced by the pool; it is worth a log line, never the process. */
const logConnectionError = (logger: Logger | undefined) => (err: Error) => logger?.warn({ err: { message: err.message } }, 'database connection lost');

/** The distribution stores (distributions, audit log, idempotent answers). */
export async function openStores(config: DatabaseConfig, logger?: Logger): Promise<Stores> {
  return config.databaseUrl
    ? openPostgresStores(config.databaseUrl, { onError: logConnectionError(logger) })
    : openSqliteStores(config.databaseFile);
}

/** The authentication stores (sessions, rate-limit counters), in the same database. */
export async function openAuthStores(config: DatabaseConfig, logger?: Logger): Promise<AuthStores> {
  return config.databaseUrl
    ? openPostgresAuthStores(config.databaseUrl, { onError: logConnectionError(logger) })
    : openSqliteAuthStores(config.databaseFile);
}
