/**
 * The stores on PostgreSQL, on the run's real server (test/global-setup.ts): the store
 * contracts (the same suites SQLite runs: distributions, authentication, follow-ups), then what only PostgreSQL has: migrations that
 * replicas starting at once run exactly once, and the refusal of a newer schema.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresStores } from '../src/storage/open-postgres-stores.js';
import { openPostgresAuthStores } from '../src/storage/postgres-auth-stores.js';
import { openStores, openAuthStores } from '../src/storage/open-stores.js';
import { POSTGRES_MIGRATIONS } from '../src/storage/postgres-migrations.js';
import { testConfig } from './helpers/app.js';
import { describeStoreContract } from './helpers/store-contract.js';
import { describeFollowUpStoreContract } from './helpers/follow-up-store-contract.js';
import { testDatabase, type TestDatabase } from './helpers/postgres-database.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await testDatabase();
});
afterAll(async () => {
  await db.drop();
});

describeStoreContract('PostgreSQL', { stores: () => openPostgresStores(db.url), authStores: () => openPostgresAuthStores(db.url) });
describeFollowUpStoreContract('PostgreSQL', () => openPostgresStores(db.url));

describe('PostgreSQL specifics', () => {
  async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      return (await c.query<T>(sql)).rows;
    } finally {
      await c.end();
    }
  }

  it('is chosen by DATABASE_URL, for the distribution and the authentication stores alike', async () => {
    const config = testConfig({ DATABASE_URL: db.url, FOLLOW_UP_MATCH_SECRET: 'the-replicas-shared-secret-of-32-chars+' });
    const stores = await openStores(config);
    const auth = await openAuthStores(config);
    try {
      expect([stores.kind, stores.shared, auth.kind]).toEqual(['postgres', true, 'postgres']);
    } finally {
      await Promise.all([stores.close(), auth.close()]);
    }
  });

  it('migrates a new database exactly once when several replicas start at the same moment', async () => {
    const fresh = await testDatabase();
    try {
      const opened = await Promise.all([
        openPostgresStores(fresh.url),
        openPostgresAuthStores(fresh.url),
        openPostgresStores(fresh.url),
        openPostgresAuthStores(fresh.url),
        openPostgresStores(fresh.url),
      ]);
      await Promise.all(opened.map((s) => s.close()));
      const versions = await query<{ version: number }>(fresh.url, 'SELECT version FROM schema_migrations ORDER BY version');
      expect(versions.map((v) => v.version)).toEqual(POSTGRES_MIGRATIONS.map((_, i) => i + 1));
      const tables = await query<{ t: string }>(fresh.url, `SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`);
      expect(tables.map((t) => t.t)).toEqual(['audit_log', 'deliveries', 'distributions', 'documents', 'follow_ups', 'idempotency_keys', 'rate_limits', 'schema_migrations', 'sessions']);
      // Opening again runs nothing.
      await (await openPostgresStores(fresh.url)).close();
      expect(await query(fresh.url, 'SELECT version FROM schema_migrations')).toHaveLength(POSTGRES_MIGRATIONS.length);
    } finally {
      await fresh.drop();
    }
  });

  it('refuses a database whose schema is newer than the service', async () => {
    const fresh = await testDatabase();
    try {
      await (await openPostgresStores(fresh.url)).close();
      await query(fresh.url, `INSERT INTO schema_migrations (version) VALUES (${POSTGRES_MIGRATIONS.length + 1})`);
      await expect(openPostgresStores(fresh.url)).rejects.toThrow(/newer than this service/);
    } finally {
      await fresh.drop();
    }
  });
});
