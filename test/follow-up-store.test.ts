/**
 * The follow-up store on SQLite: the follow-up store contract (the suite every implementation
 * runs), on a real file; then what only SQLite has: the migration that lets a reminder be a
 * distribution rebuilds the distributions table, and must keep every distribution's deliveries,
 * documents and idempotent answers.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteStores } from '../src/storage/open-sqlite-stores.js';
import { MIGRATIONS } from '../src/storage/sqlite-migrations.js';
import { safeUuid } from '../src/distribution/safe-id.js';
import { withSqliteStores } from './helpers/sqlite-file.js';
import { describeFollowUpStoreContract } from './helpers/follow-up-store-contract.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'follow-up-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
describeFollowUpStoreContract('SQLite', () => openSqliteStores(path.join(dir, 'contract.db')));

describe('the SQLite migration that makes a reminder a distribution', () => {
  it('keeps every distribution with its deliveries, documents and idempotent answers, and accepts the kind reminder', async () => {
    const file = path.join(dir, 'before.db');
    // The schema just before it, with a distribution whose send was requested.
    const version = MIGRATIONS.findIndex((sql) => sql.includes('CREATE TABLE distributions_next'));
    expect(version).toBeGreaterThan(0);
    const db = new Database(file);
    for (const sql of MIGRATIONS.slice(0, version)) db.exec(sql);
    db.pragma(`user_version = ${version}`);
    expect(() => db.prepare(`INSERT INTO distributions (id, kind, created_at, created_by, title) VALUES ('x', 'reminder', '', '', '')`).run()).toThrow(/CHECK/);
    db.close();
    // What the service of that version stored.
    const raw = new Database(file);
    raw.pragma('foreign_keys = ON');
    const id = safeUuid();
    raw.prepare(`INSERT INTO distributions (id, kind, created_at, created_by, title, send_requested_at) VALUES (?, 'plan', 'x', 'Anne', 'Plan', 'x')`).run(id);
    raw.prepare(
      `INSERT INTO deliveries (id, distribution_id, position, role, name, organisation, channel, address, documents, subject, body, state, updated_at)
       VALUES ('d-1', ?, 0, 'participant', 'Peter', '', 'secure-email', 'peter@example.dk', '["plan-pdf"]', 'Plan', 'Kære Peter', 'pending', 'x')`,
    ).run(id);
    raw.prepare(`INSERT INTO documents (distribution_id, key, file_name, content_type, content) VALUES (?, 'plan-pdf', 'plan.pdf', 'application/pdf', x'25504446')`).run(id);
    raw.prepare(`INSERT INTO idempotency_keys (key, distribution_id, body, created_at) VALUES ('k', ?, '{}', 'x')`).run(id);
    raw.close();

    await withSqliteStores(file, async (stores) => {
      expect((await stores.distributions.getDistribution(id))?.deliveries.map((d) => [d.id, d.name, d.state])).toEqual([['d-1', 'Peter', 'pending']]);
      expect((await stores.distributions.getDocument(id, 'plan-pdf'))?.content.toString()).toBe('%PDF');
      expect(await stores.idempotency.get('k')).toEqual({ distributionId: id, body: {} });
      expect(await stores.distributions.distributionsToResume(Date.now())).toEqual([id]);
      const reminder = safeUuid();
      await stores.distributions.createDistribution({ id: reminder, kind: 'reminder', createdBy: 'system', owner: { id: 'x', organisation: '' }, title: 'Påmindelse' }, [], [], []);
    });
    const after = new Database(file, { readonly: true });
    expect(after.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect(after.pragma('foreign_key_check')).toEqual([]);
    expect(after.prepare(`SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'distributions' AND name = 'distributions_unsent'`).get()).toBeDefined();
    after.close();
    // The deliveries still refer to the distributions: one of a distribution that does not exist is refused.
    const check = new Database(file);
    check.pragma('foreign_keys = ON');
    expect(() => check.prepare(`INSERT INTO deliveries (id, distribution_id, position, role, name, organisation, channel, documents, subject, state, updated_at)
      VALUES ('orphan', 'nope', 0, 'participant', 'X', '', 'secure-email', '[]', 'S', 'pending', 'x')`).run()).toThrow(/FOREIGN KEY/);
    check.close();
  });
});
