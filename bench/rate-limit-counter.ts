/**
 * What the rate limit costs each request: one counted hit in the service's SQLite file, through
 * the real store (its own connection, synchronous = NORMAL), beside the same statement on a
 * connection that waits for the disk at every commit (synchronous = FULL, as the distribution
 * store's). Usage: npx tsx bench/rate-limit-counter.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openSqliteAuthStores } from '../src/storage/sqlite-auth-stores.js';
import { openSqliteDatabase } from '../src/storage/sqlite-database.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'rate-limit-counter-'));
const file = path.join(dir, 'indsatsplan.db');
const perHit = (started: bigint, n: number) => (Number(process.hrtime.bigint() - started) / 1000 / n).toFixed(1);

try {
  const stores = openSqliteAuthStores(file);
  const n = 20_000;
  for (let i = 0; i < 500; i++) await stores.rateLimits.hit(`id:warm-${i % 50}`, Date.now(), 60_000);
  let started = process.hrtime.bigint();
  for (let i = 0; i < n; i++) await stores.rateLimits.hit(`id:key-${i % 100}`, Date.now(), 60_000);
  console.log(`store (synchronous=NORMAL): ${perHit(started, n)} µs per counted request, ${n} requests`);
  await stores.close();

  const db = openSqliteDatabase(file, { synchronous: 'FULL' });
  const hit = db.prepare(`UPDATE rate_limits SET hits = hits + 1 WHERE key = ?`);
  const m = 2_000;
  started = process.hrtime.bigint();
  for (let i = 0; i < m; i++) hit.run(`id:key-${i % 100}`);
  console.log(`same write, synchronous=FULL: ${perHit(started, m)} µs per counted request, ${m} requests`);
  db.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
