import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteDistributionStore } from '../src/storage/sqlite-distribution-store.js';
import { MIGRATIONS } from '../src/storage/sqlite-migrations.js';
import type { DistributionStore } from '../src/storage/distribution-store.js';
import { containsCprLike } from '../src/shared/redact.js';
import { sqliteFileContains, sqliteRows } from './helpers/sqlite-file.js';
import { seedDistribution, seedRequestedDistribution as seedRequested } from './helpers/distribution.js';
import { recordSendRequest } from '../src/distribution/life-cycle.js';

let dir: string;
let file: string;
let store: DistributionStore;

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'dist-store-'));
  file = path.join(dir, 'nested', 'data', 'indsatsplan.db');
  store = openSqliteDistributionStore(file);
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const rawRows = (table: string) => sqliteRows(file, table);

describe('SQLite distribution store', () => {
  it('creates its directory and a WAL-journaled, migrated database file that survives reopening', () => {
    expect(existsSync(file)).toBe(true);
    const { id } = seedDistribution(store, [{ role: 'citizen', name: 'Mette Hansen', channel: 'digital-post' }]);
    store.close();
    store = openSqliteDistributionStore(file); // migrations run again: must be a no-op
    const db = new Database(file, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    db.close();
    expect(store.getDistribution(id)?.deliveries.map((d) => [d.name, d.state])).toEqual([['Mette Hansen', 'pending']]);
  });

  it('lets exactly one claimer take a due delivery, and counts the attempt', () => {
    const { id, deliveryIds } = seedRequested(store, [{ role: 'participant', name: 'Peter', channel: 'secure-email' }]);
    const [d] = deliveryIds as [string];
    expect(store.dueDeliveryIds(id, Date.now())).toEqual([d]);
    const first = store.claimDelivery(d, Date.now());
    expect(first).toMatchObject({ state: 'sending', attempts: 1 });
    expect(store.claimDelivery(d, Date.now())).toBeUndefined();
    // a second store on the same file (another process) cannot claim it either
    const other = openSqliteDistributionStore(file);
    expect(other.claimDelivery(d, Date.now())).toBeUndefined();
    other.close();
  });

  it('lets a claim whose lease ran out (its process died) be taken over, marked resumed and audited', () => {
    const { id, deliveryIds } = seedRequested(store, [{ role: 'participant', name: 'Peter', channel: 'secure-email' }]);
    const [d] = deliveryIds as [string];
    const t = Date.now();
    expect(store.claimDelivery(d, t, 1000)).toMatchObject({ state: 'sending', attempts: 1, resumed: false });
    expect(store.dueDeliveryIds(id, t + 999)).toEqual([]);
    expect(store.claimDelivery(d, t + 999, 1000)).toBeUndefined();
    expect(store.dueDeliveryIds(id, t + 1000)).toEqual([d]);
    expect(store.claimDelivery(d, t + 1000, 1000)).toMatchObject({ state: 'sending', attempts: 2, resumed: true });
    expect(store.listAudit(id).map((a) => a.action)).toEqual(['distribution-prepared', 'send-requested', 'delivery-resumed']);
  });

  it('does not claim a delivery before its next attempt is due', () => {
    const { deliveryIds } = seedRequested(store, [{ role: 'participant', name: 'Peter', channel: 'secure-email' }]);
    const [d] = deliveryIds as [string];
    store.claimDelivery(d, Date.now());
    const later = Date.now() + 60_000;
    store.completeDelivery(d, { state: 'pending', reason: 'Midlertidig fejl', nextAttemptAt: later }, { actor: 'system', action: 'delivery-retry-scheduled', distributionId: 'x', outcome: 'nyt forsøg' });
    expect(store.claimDelivery(d, Date.now())).toBeUndefined();
    expect(store.claimDelivery(d, later)).toMatchObject({ attempts: 2 });
  });

  it('erases the CPR number and the message text once a delivery finished, and the documents once all have', () => {
    const { id, deliveryIds } = seedRequested(store, [
      { role: 'citizen', name: 'Mette Hansen', channel: 'digital-post' },
      { role: 'participant', name: 'Peter', channel: 'secure-email' },
    ]);
    const [citizen, peter] = deliveryIds as [string, string];
    const entry = { actor: 'system', action: 'delivery-sent' as const, distributionId: id, outcome: 'sendt' };
    store.claimDelivery(citizen, Date.now());
    store.completeDelivery(citizen, { state: 'sent', reference: 'a.xml' }, entry);
    expect(store.getDistribution(id)?.deliveries[0]).toMatchObject({ state: 'sent', address: null, text: '', reference: 'a.xml' });
    expect(store.getDocument(id, 'plan-pdf')).toBeDefined(); // Peter still needs it
    store.claimDelivery(peter, Date.now());
    store.completeDelivery(peter, { state: 'failed', reason: 'Mailserveren afviste beskeden.' }, { ...entry, action: 'delivery-failed', outcome: 'fejlet' });
    expect(store.getDocument(id, 'plan-pdf')).toBeUndefined();
    expect(store.getDistribution(id)?.documentsPurged).toBe(true);
    expect(rawRows('documents')).toEqual([]);
    for (const row of rawRows('deliveries')) expect(containsCprLike(JSON.stringify(row))).toBe(false);
  });

  it('leaves no trace of a finished distribution’s documents in the database file or its WAL', () => {
    const marker = 'DIAGNOSE-MARKØR-4711';
    const { id, deliveryIds } = seedRequested(store, [{ role: 'participant', name: 'Peter', channel: 'secure-email' }]);
    store.close(); // replace the fake document with one carrying a marker, through a second connection
    const db = new Database(file);
    db.prepare(`UPDATE documents SET content = ? WHERE distribution_id = ?`).run(Buffer.from(`%PDF-1.7 ${marker} %%EOF`), id);
    db.close();
    store = openSqliteDistributionStore(file);
    const onDisk = () => sqliteFileContains(file, marker);
    expect(onDisk()).toBe(true);
    const [d] = deliveryIds as [string];
    store.claimDelivery(d, Date.now());
    store.completeDelivery(d, { state: 'sent', reference: 'r' }, { actor: 'system', action: 'delivery-sent', distributionId: id, outcome: 'sendt' });
    expect(onDisk()).toBe(false);
  });

  it('stores a delivery that needs manual handling as such, without any CPR number', () => {
    const { id } = seedDistribution(store, [{ role: 'relative', name: 'Ole', channel: 'digital-post', address: '0202601233', manualReason: 'Ingen gyldigt cpr-nummer.' }]);
    expect(store.getDistribution(id)?.deliveries[0]).toMatchObject({ state: 'manual', address: null, lastError: 'Ingen gyldigt cpr-nummer.' });
    expect(store.dueDeliveryIds(id, Date.now())).toEqual([]);
  });

  it('releases claims left by a dead process back to pending, marked and audited', () => {
    const { id, deliveryIds } = seedRequested(store, [{ role: 'participant', name: 'Peter', channel: 'secure-email' }]);
    const [d] = deliveryIds as [string];
    store.claimDelivery(d, Date.now());
    store.close();
    store = openSqliteDistributionStore(file);
    const released = store.releaseInterruptedClaims('system');
    expect(released.map((r) => r.id)).toEqual([d]);
    expect(store.getDistribution(id)?.deliveries[0]).toMatchObject({ state: 'pending', attempts: 1, resumed: true });
    expect(store.distributionsToResume()).toEqual([id]);
    expect(store.listAudit(id).map((a) => a.action)).toEqual(['distribution-prepared', 'send-requested', 'delivery-resumed']);
  });

  it('lets nothing of a prepared distribution be due, claimed or resumed until its send is requested', () => {
    const { id, deliveryIds } = seedDistribution(store, [{ role: 'participant', name: 'Peter', channel: 'secure-email' }]);
    const [d] = deliveryIds as [string];
    expect(store.getDistribution(id)).toMatchObject({ sendRequestedAt: null, sendRequestedBy: null });
    expect(store.dueDeliveryIds(id, Date.now())).toEqual([]);
    expect(store.claimDelivery(d, Date.now())).toBeUndefined();
    expect(store.distributionsToResume()).toEqual([]);

    expect(recordSendRequest(store, id, 'Anne')).toBe('requested');
    expect(recordSendRequest(store, id, 'Bo')).toBe('already-requested');
    expect(recordSendRequest(store, 'no-such-id', 'Bo')).toBe('not-found');
    // the first request is the one kept; every request is audited
    expect(store.getDistribution(id)).toMatchObject({ sendRequestedAt: expect.any(String), sendRequestedBy: 'Anne' });
    expect(store.listAudit(id).filter((a) => a.action === 'send-requested').map((a) => a.actor)).toEqual(['Anne', 'Bo']);
    expect(store.dueDeliveryIds(id, Date.now())).toEqual([d]);
    expect(store.distributionsToResume()).toEqual([id]);
  });

  it('migrates a database of an older version: the send request from its audit log, every delivery kept', () => {
    store.close();
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
    db.close();

    store = openSqliteDistributionStore(old);
    expect(store.getDistribution('d-sent')).toMatchObject({ sendRequestedAt: at, sendRequestedBy: 'Bo', expiredAt: null });
    expect(store.getDistribution('d-prepared')).toMatchObject({ sendRequestedAt: null, sendRequestedBy: null, expiredAt: null });
    expect(store.getDistribution('d-prepared')!.deliveries).toEqual([
      expect.objectContaining({ id: 'd-prepared-1', position: 0, name: 'Peter', organisation: 'Psykiatrien', address: 'peter@example.dk', text: 'Kære Peter', state: 'pending', attempts: 1 }),
    ]);
    expect(store.distributionsToResume()).toEqual([]);
    const raw = new Database(old, { readonly: true });
    expect(raw.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect(raw.prepare(`SELECT lease_until FROM deliveries WHERE id = 'd-sent-1'`).get()).toEqual({ lease_until: 7 });
    raw.close();
  });

  it('expires a prepared distribution created before the cutoff, erasing its personal data, and nothing else', () => {
    const prepared = seedDistribution(store, [
      { role: 'citizen', name: 'Mette Hansen', channel: 'digital-post' },
      { role: 'relative', name: 'Ole', organisation: 'far', channel: 'digital-post', address: null, manualReason: 'Ingen gyldigt cpr-nummer.' },
    ]);
    const requested = seedRequested(store, [{ role: 'participant', name: 'Peter', channel: 'secure-email' }]);
    const expiry = { actor: 'system', action: 'distribution-expired' as const, outcome: 'udløbet' };
    expect(store.expireUnsent('2000-01-01T00:00:00.000Z', expiry, 'Udløbet.')).toEqual([]); // created after the cutoff
    const cutoff = new Date(Date.now() + 1000).toISOString();
    expect(store.expireUnsent(cutoff, expiry, 'Udløbet.')).toEqual([prepared.id]);
    expect(store.expireUnsent(cutoff, expiry, 'Udløbet.')).toEqual([]); // once

    const d = store.getDistribution(prepared.id)!;
    expect(d).toMatchObject({ expiredAt: expect.any(String), documentsPurged: true, sendRequestedAt: null });
    expect(d.deliveries.map((x) => [x.role, x.channel, x.state, x.name, x.organisation, x.address, x.text, x.subject, x.lastError])).toEqual([
      ['citizen', 'digital-post', 'expired', '', '', null, '', '', 'Udløbet.'],
      ['relative', 'digital-post', 'manual', '', '', null, '', '', 'Ingen gyldigt cpr-nummer.'],
    ]);
    expect(store.getDocument(prepared.id, 'plan-pdf')).toBeUndefined();
    expect(store.listAudit(prepared.id).map((a) => [a.action, a.actor, a.name ?? null])).toEqual([
      ['distribution-prepared', 'Test Aktør', null],
      ['distribution-expired', 'system', null],
    ]);
    expect(recordSendRequest(store, prepared.id, 'Anne')).toBe('expired');
    expect(store.listAudit(prepared.id)).toHaveLength(2);
    expect(store.getDistribution(requested.id)).toMatchObject({ expiredAt: null, deliveries: [{ name: 'Peter', state: 'pending' }] });
    expect(store.getDocument(requested.id, 'plan-pdf')).toBeDefined();
  });

  it('keeps idempotent responses by key', () => {
    const { id } = seedDistribution(store, [{ role: 'participant', name: 'Peter', channel: 'secure-email' }]);
    expect(store.getIdempotentResponse('k1')).toBeUndefined();
    store.saveIdempotentResponse('k1', { distributionId: id, status: 200, body: { ok: true } });
    store.saveIdempotentResponse('k1', { distributionId: id, status: 202, body: { ok: false } }); // the first answer stays
    expect(store.getIdempotentResponse('k1')).toEqual({ distributionId: id, status: 200, body: { ok: true } });
    expect(store.deleteIdempotentResponsesBefore('2000-01-01T00:00:00.000Z')).toBe(0);
    expect(store.deleteIdempotentResponsesBefore(new Date(Date.now() + 1000).toISOString())).toBe(1);
    expect(store.getIdempotentResponse('k1')).toBeUndefined();
  });

  it('scrubs anything CPR-like from audit records as a last line of defence', () => {
    const { id } = seedDistribution(store, [], 'Anne 010180-4000');
    store.appendAudit({ actor: 'x', action: 'send-requested', distributionId: id, outcome: 'ok', detail: 'server said 0101804000' });
    for (const row of rawRows('audit_log')) expect(containsCprLike(JSON.stringify(row))).toBe(false);
    expect(rawRows('distributions')[0]?.created_by).toBe('Anne [cpr]');
  });
});
