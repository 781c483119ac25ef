/**
 * A pool of connections (node-postgres) to the PostgreSQL database every replica shares, with
 * the schema migrated, and transactions on it.
 *
 * Migrations run at start-up in one transaction that first takes a transaction-scoped
 * advisory lock: when several replicas start at once, one migrates and the others wait for
 * its commit, then find nothing left to do. `schema_migrations` records each version applied.
 */
import pg from 'pg';
import { POSTGRES_MIGRATIONS } from './postgres-migrations.js';

/** The advisory lock key of the migration run: any fixed number no other user of the database takes. */
const MIGRATION_LOCK = 4_917_330_611;

export interface PostgresOptions {
  /**
   * `false`: a commit does not wait for the WAL to reach the disk, for state that may lose
   * its last moments in a crash of the database server (sessions' activity, rate-limit
   * counters) and is written on every request. Default `true`: a delivery marked sent stays sent.
   */
  synchronousCommit?: boolean;
  /** Connections in the pool. */
  max?: number;
  /** Told of an idle connection's error (the server restarted, the network dropped): the pool replaces it. */
  onError?: (err: Error) => void;
}

export async function openPostgresPool(url: string, options: PostgresOptions = {}): Promise<pg.Pool> {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    application_name: 'indsatsplan',
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 30_000,
    ...(options.synchronousCommit === false ? { options: '-c synchronous_commit=off' } : {}),
  });
  // Without a listener an idle connection's error would end the process.
  pool.on('error', (err) => options.onError?.(err));
  try {
    await migrate(pool);
  } catch (err) {
    await pool.end();
    throw err;
  }
  return pool;
}

/** Runs `fn` in one transaction on one connection: committed if it returns, rolled back if it throws. */
export async function inTransaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch((e: Error) => {
      broken = e; // a connection that cannot roll back is not given back to the pool
    });
    throw err;
  } finally {
    client.release(broken);
  }
}

async function migrate(pool: pg.Pool): Promise<void> {
  await inTransaction(pool, async (c) => {
    await c.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await c.query(`CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`);
    const { rows } = await c.query<{ v: number | null }>('SELECT max(version) AS v FROM schema_migrations');
    const current = rows[0]?.v ?? 0;
    if (current > POSTGRES_MIGRATIONS.length) {
      throw new Error(`database schema version ${current} is newer than this service (${POSTGRES_MIGRATIONS.length})`);
    }
    for (const [i, sql] of POSTGRES_MIGRATIONS.entries()) {
      if (i < current) continue;
      await c.query(sql);
      await c.query('INSERT INTO schema_migrations (version) VALUES ($1)', [i + 1]);
    }
  });
}
