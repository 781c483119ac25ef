/**
 * Once per test run: a real PostgreSQL server on loopback (test/helpers/postgres.ts) for the
 * tests of the shared store. Test files reach it with `testDatabase()` (helpers/postgres-database.ts),
 * each in a database of its own.
 */
import type { TestProject } from 'vitest/node';
import { startPostgres } from './helpers/postgres.js';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const pg = await startPostgres();
  project.provide('postgresUrl', pg.url);
  return () => pg.stop();
}
