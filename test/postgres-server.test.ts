/** The tests' PostgreSQL server is real, reachable on loopback only, and gives each test file its own database. */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase, type TestDatabase } from './helpers/postgres-database.js';

describe('the test PostgreSQL server', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await testDatabase();
  });
  afterAll(async () => {
    await db.drop();
  });

  it('is a real PostgreSQL on 127.0.0.1 with a database of our own', async () => {
    expect(new URL(db.url).hostname).toBe('127.0.0.1');
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ v: string; db: string; addr: string }>(
        `SELECT version() AS v, current_database() AS db, inet_server_addr()::text AS addr`,
      );
      expect(rows[0]?.v).toMatch(/^PostgreSQL \d+/);
      expect(rows[0]?.db).toBe(new URL(db.url).pathname.slice(1));
      expect(rows[0]?.addr).toMatch(/^127\.0\.0\.1/);
      await client.query('CREATE TABLE t (x int)');
      await client.query('INSERT INTO t VALUES (1), (2)');
      const sum = await client.query<{ s: string }>('SELECT sum(x)::text AS s FROM t');
      expect(sum.rows[0]?.s).toBe('3');
    } finally {
      await client.end();
    }
  });
});
