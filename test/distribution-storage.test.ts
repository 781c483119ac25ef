/**
 * The stores on SQLite: the store contract (the same suite every implementation runs), on
 * a real file; then what only SQLite has: the file itself, its migrations, and what is left
 * of deleted data in its pages and its WAL.
 */
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteStores } from '../src/storage/open-sqlite-stores.js';
import { openSqliteAuthStores } from '../src/storage/sqlite-auth-stores.js';
import { MIGRATIONS } from '../src/storage/sqlite-migrations.js';
import type { Stores } from '../src/storage/stores.js';
import { containsCprLike } from '../src/shared/redact.js';
import { sqliteFileContains, sqliteRows } from './helpers/sqlite-file.js';
import { seedDistribution, seedRequestedDistribution } from './helpers/distribution.js';
import { describeStoreContract } from './helpers/store-contract.js';

const contractDir = mkdtempSync(path.join(os.tmpdir(), 'store-contract-'));
afterAll(() => rmSync(contractDir, { recursive: true, force: true }));
describeStoreContract('SQLite', {
  stores: () => openSqliteStores(path.join(contractDir, 'indsatsplan.db')),
  authStores: () => openSqliteAuthStores(path.join(contractDir, 'indsatsplan.db')),
});

describe('SQLite specifics', () => {
  let dir: string;
  let file: string;
  let stores: Stores;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'dist-store-'));
    file = path.join(dir, 'nested', 'data', 'indsatsplan.db');
    stores = openSqliteStores(file);
  });
  afterEach(async () => {
    await stores.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const rawRows = (table: string) => sqliteRows(file, table);

  it('creates its directory and an owner-only, WAL-journaled, migrated database file that survives reopening', async () => {
    expect(existsSync(file)).toBe(true);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const { id } = await seedDistribution(stores.distributions, [{ role: 'citizen', name: 'Mette Hansen', channel: 'digital-post' }]);
    await stores.close();
    stores = openSqliteStores(file); // migrations run again: must be a no-op
    const db = new Database(file, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    db.close();
    expect((await stores.distributions.getDistribution(id))?.deliveries.map((d) => [d.name, d.state])).toEqual([['Mette Hansen', 'pending']]);
    expect(stores.kind).toBe('sqlite');
  });

  it('migrates a database of an older version: the send request from its audit log, every delivery kept, answers as the domain gives them', async () => {
    await stores.close();
    const old = path.join(dir, 'v2.db');
    // The schema of version 2 with what an older service stored: one distribution sent, one only prepared.
    const db = new Database(old);
    for (const sql of MIGRATIONS.slice(0, 2)) db.exec(sql);
    db.pragma('user_version = 2');
    const at = '2025-01-01T10:00:00.000Z';
    for (const [id, state] of [['d-sent', 'sent'], ['d-prepared', 'pending']] as const) {
      db.prepare(`INSERT INTO distributions (id, kind, created_at, created_by, title) VALUES (?, 'plan', ?, 'Anne', 'Plan')`).run(id, at);
      db.prepare(
        `INSERT INTO deliveries (id, distribution_id, position, role, name, organisation, channel, address, documents, subject, body, state, attempts, updated_at, lease_until)
         VALUES (?, ?, 0, 'participant', 'Peter', 'Psykiatrien', 'secure-email', 'peter@example.dk', '["plan-pdf"]', 'Plan', 'Kære Peter', ?, 1, ?, 7)`,
      ).run(`${id}-1`, id, state, at);
    }
    db.prepare(`INSERT INTO audit_log (at, actor, action, distribution_id, outcome) VALUES (?, 'Bo', 'send-requested', 'd-sent', 'afsendelse bestilt')`).run(at);
    db.prepare(`INSERT INTO idempotency_keys (key, distribution_id, status, body, created_at) VALUES ('k-200', 'd-sent', 200, '{"id":"d-sent"}', ?), ('k-202', 'd-sent', 202, '{"id":"d-sent"}', ?)`).run(at, at);
    db.close();

    stores = openSqliteStores(old);
    expect(await stores.distributions.getDistribution('d-sent')).toMatchObject({ sendRequestedAt: at, sendRequestedBy: 'Bo', expiredAt: null });
    expect(await stores.distributions.getDistribution('d-prepared')).toMatchObject({ sendRequestedAt: null, sendRequestedBy: null, expiredAt: null });
    expect((await stores.distributions.getDistribution('d-prepared'))!.deliveries).toEqual([
      expect.objectContaining({ id: 'd-prepared-1', position: 0, name: 'Peter', organisation: 'Psykiatrien', address: 'peter@example.dk', text: 'Kære Peter', state: 'pending', attempts: 1 }),
    ]);
    expect(await stores.distributions.distributionsToResume(Date.now())).toEqual([]);
    expect(await stores.idempotency.get('k-200')).toEqual({ distributionId: 'd-sent', body: { finished: true, distribution: { id: 'd-sent' } } });
    expect(await stores.idempotency.get('k-202')).toEqual({ distributionId: 'd-sent', body: { finished: false, distribution: { id: 'd-sent' } } });
    const raw = new Database(old, { readonly: true });
    expect(raw.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect(raw.prepare(`SELECT lease_until FROM deliveries WHERE id = 'd-sent-1'`).get()).toEqual({ lease_until: 7 });
    raw.close();
  });

  it('refuses a database of a newer version than it knows', async () => {
    await stores.close();
    const db = new Database(file);
    db.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    db.close();
    expect(() => openSqliteStores(file)).toThrow(/newer than this service/);
    stores = openSqliteStores(path.join(dir, 'other.db'));
  });

  it('leaves no trace of a finished distribution’s documents, CPR numbers or texts in the database file or its WAL', async () => {
    const marker = 'DIAGNOSE-MARKØR-4711';
    const { id, deliveryIds } = await seedRequestedDistribution(stores.distributions, [
      { role: 'participant', name: 'Peter', channel: 'secure-email', text: 'Kære Peter, TEKST-MARKØR-4712' },
      { role: 'citizen', name: 'Mette Hansen', channel: 'digital-post', address: '0101804000' },
    ]);
    await stores.close(); // replace the fake document with one carrying a marker, through a second connection
    const db = new Database(file);
    db.prepare(`UPDATE documents SET content = ? WHERE distribution_id = ?`).run(Buffer.from(`%PDF-1.7 ${marker} %%EOF`), id);
    db.close();
    stores = openSqliteStores(file);
    for (const m of [marker, 'TEKST-MARKØR-4712', '0101804000']) expect(sqliteFileContains(file, m), m).toBe(true);
    for (const d of deliveryIds) {
      await stores.distributions.claimDelivery(d, Date.now());
      await stores.distributions.completeDelivery({ id: d, attempts: 1 }, { state: 'sent', reference: 'r' }, { actor: 'system', action: 'delivery-sent', distributionId: id, outcome: 'sendt' });
    }
    for (const m of [marker, 'TEKST-MARKØR-4712', '0101804000']) expect(sqliteFileContains(file, m), m).toBe(false);
    expect(rawRows('documents')).toEqual([]);
    for (const row of rawRows('deliveries')) expect(containsCprLike(JSON.stringify(row))).toBe(false);
  });

  it('scrubs anything CPR-like from what it writes, read past the stores', async () => {
    const { id } = await seedDistribution(stores.distributions, [], 'Anne 010180-4000');
    await stores.audit.append({ actor: 'x', action: 'send-requested', distributionId: id, outcome: 'ok', detail: 'server said 0101804000' });
    for (const row of rawRows('audit_log')) expect(containsCprLike(JSON.stringify(row))).toBe(false);
    expect(rawRows('distributions')[0]?.created_by).toBe('Anne [cpr]');
  });
});
