/**
 * The distribution through HTTP with the real parts: LibreOffice makes the PDF and the
 * GP letter, a real SQLite file keeps the state, the embedded outbox channels write the
 * e-mails (.eml), the MeMo messages and the letter into folders, which are read back.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { simpleParser, type ParsedMail } from 'mailparser';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from './helpers/app.js';
import { capturedLogger } from './helpers/distribution.js';
import { pdfInfo, pdfStructure, pdfText, squash } from './helpers/pdf.js';
import { containsCprLike } from '../src/shared/redact.js';
import type { PlanInput } from '../src/plan/schema.js';
import type { DistributionView } from '../src/distribution/distribution-view.js';

const minimal = JSON.parse(readFileSync(new URL('../fixtures/minimal.json', import.meta.url), 'utf8')) as PlanInput;
const plan: PlanInput = {
  ...minimal,
  participants: [
    ...(minimal.participants ?? []),
    { name: 'Sara Sagsbehandler', title: 'Sagsbehandler', organisation: 'Jobcenter Roskilde', phone: '', email: 'sara@jobcenter.roskilde.dk', attended: false },
    { name: 'Uden Mail', title: 'Sygeplejerske', organisation: 'Hjemmeplejen', phone: '12 34 56 78', email: '', attended: true },
  ],
  relativesConsent: true,
  relatives: [{ name: 'Ole Hansen', cpr: '020260-1233', relation: 'far' }],
  generalPractitioner: { name: 'Lægerne i Algade', clinic: 'Algade Lægehus', address: 'Algade 1\n4000 Roskilde', phone: '46 30 00 00' },
};

let dir: string;
let ctx: Awaited<ReturnType<typeof createTestApp>>;
const { logger, lines } = capturedLogger();
const outbox = (kind: string) => {
  const d = path.join(dir, 'outbox', kind);
  try {
    return readdirSync(d).filter((f) => !f.startsWith('.')).sort();
  } catch {
    return [];
  }
};
const snapshot = () => Object.fromEntries(['mail', 'digital-post', 'print'].flatMap((k) => outbox(k).map((f) => [`${k}/${f}`, statSync(path.join(dir, 'outbox', k, f)).mtimeMs])));

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'dist-http-'));
  ctx = await createTestApp({ logger }, { DATA_DIR: dir, LOG_LEVEL: 'debug' });
});
afterAll(async () => {
  await ctx?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('distribution over HTTP', () => {
  let id: string;
  let prepared: DistributionView;

  it('refuses a draft, a plan without approval, and relatives without consent; nothing is prepared', async () => {
    const before = (await ctx.distributions.stores.audit.list()).length;
    for (const bad of [{ ...plan, status: 'draft' }, { ...plan, approvedByCitizen: false }, { ...plan, relativesConsent: false }]) {
      const res = await request(ctx.app).post('/api/distributions').send({ plan: bad });
      expect(res.status).toBe(422);
      expect(res.type).toBe('application/problem+json');
      expect(res.body.type).toMatch(/distribution-invalid$/);
      expect(res.body.errors.length).toBeGreaterThan(0);
    }
    expect((await ctx.distributions.stores.audit.list()).length).toBe(before);
  });

  it('prepares the manifest: who gets what by which channel, with the unreachable flagged', async () => {
    const res = await request(ctx.app).post('/api/distributions').set('X-Actor', 'Anne Koordinator (akoo)').send({ plan });
    expect(res.status).toBe(201);
    prepared = res.body as DistributionView;
    id = prepared.id;
    expect(res.headers.location).toBe(`/api/distributions/${id}`);
    expect(prepared.recipients.map((r) => [r.role, r.name, r.channel, r.state])).toEqual([
      ['coordinator', 'Anne Koordinator', 'secure-email', 'pending'],
      ['participant', 'Peter Psykiater', 'secure-email', 'pending'],
      ['participant', 'Sara Sagsbehandler', 'secure-email', 'pending'],
      ['participant', 'Uden Mail', 'secure-email', 'manual'],
      ['citizen', 'Mette Hansen', 'digital-post', 'pending'],
      ['relative', 'Ole Hansen', 'digital-post', 'pending'],
      ['general-practitioner', 'Lægerne i Algade', 'letter', 'pending'],
    ]);
    expect(prepared.recipients[0]!.documents).toEqual(['Planen som Word-fil (.docx)', 'Planen som PDF']);
    expect(prepared.recipients[3]).toMatchObject({ needsManualHandling: true, reason: expect.stringMatching(/sikker e-mailadresse/) });
    expect(prepared.recipients.filter((r) => r.channel === 'digital-post').every((r) => r.address === null)).toBe(true);
    expect(containsCprLike(JSON.stringify(res.body))).toBe(false);
    expect(snapshot()).toEqual({}); // nothing sent yet
  });

  it('sends once with an Idempotency-Key; repeating it replays the answer and sends nothing', async () => {
    const first = await request(ctx.app).post(`/api/distributions/${id}/send`).set('Idempotency-Key', 'send-1').set('X-Actor', 'Anne Koordinator (akoo)');
    expect(first.status).toBe(200);
    expect((first.body as DistributionView).recipients.map((r) => r.state)).toEqual(['sent', 'sent', 'sent', 'manual', 'sent', 'sent', 'sent']);
    expect(outbox('mail')).toHaveLength(3);
    expect(outbox('digital-post')).toHaveLength(2);
    expect(outbox('print')).toHaveLength(1);
    const files = snapshot();

    const again = await request(ctx.app).post(`/api/distributions/${id}/send`).set('Idempotency-Key', 'send-1');
    expect(again.status).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    const noKey = await request(ctx.app).post(`/api/distributions/${id}/send`);
    expect(noKey.status).toBe(200);
    expect(snapshot()).toEqual(files);
  });

  it('prepares from an uploaded Word plan too, and refuses an upload that is not approved', async () => {
    const form = await request(ctx.app).post('/api/plans/form').send(minimal).responseType('blob');
    expect(form.status).toBe(200);
    const res = await request(ctx.app)
      .post('/api/distributions')
      .attach('file', form.body as Buffer, 'plan.docx')
      .field('recipients', JSON.stringify({ coordinator: false }));
    expect(res.status).toBe(201);
    expect((res.body as DistributionView).recipients.map((r) => [r.role, r.name, r.state])).toEqual([
      ['participant', 'Peter Psykiater', 'pending'],
      ['citizen', 'Mette Hansen', 'pending'],
    ]);
    const unapproved = await request(ctx.app).post('/api/plans/form').send({ ...minimal, approvedByCitizen: false }).responseType('blob');
    const refused = await request(ctx.app).post('/api/distributions').attach('file', unapproved.body as Buffer, 'plan.docx');
    expect(refused.status).toBe(422);
    expect(refused.body.errors.map((e: { path: string }) => e.path)).toContain('/approvedByCitizen');
  });

  it('refuses the same key for another distribution', async () => {
    // Its own key and distributions: it must not rest on a key that another test happened to use.
    const prepare = async () => {
      const res = await request(ctx.app).post('/api/distributions').send({ plan: minimal, recipients: { participants: [], coordinator: false } });
      expect(res.status).toBe(201);
      return (res.body as DistributionView).id;
    };
    const [first, other] = [await prepare(), await prepare()];
    expect((await request(ctx.app).post(`/api/distributions/${first}/send`).set('Idempotency-Key', 'send-2')).status).toBe(200);
    const res = await request(ctx.app).post(`/api/distributions/${other}/send`).set('Idempotency-Key', 'send-2');
    expect(res.status).toBe(409);
  });

  it('delivered what the table says: subjects and file names without CPR or name, the right attachments', async () => {
    const mails = await Promise.all(outbox('mail').map(async (f) => simpleParser(readFileSync(path.join(dir, 'outbox', 'mail', f)))));
    const byTo: Record<string, ParsedMail> = Object.fromEntries(mails.map((m) => [m.to && !Array.isArray(m.to) ? m.to.value[0]!.address : '', m]));
    expect(Object.keys(byTo).sort()).toEqual(['anne.koordinator@roskilde.dk', 'peter.psykiater@regionsjaelland.dk', 'sara@jobcenter.roskilde.dk']);
    expect(byTo['anne.koordinator@roskilde.dk']!.attachments.map((a) => a.filename)).toEqual(['indsatsplan-2014-05-01.docx', 'indsatsplan-2014-05-01.pdf']);
    expect(byTo['peter.psykiater@regionsjaelland.dk']!.attachments.map((a) => a.filename)).toEqual(['indsatsplan-2014-05-01.pdf']);
    for (const m of mails) {
      expect(m.subject).toBe('Koordinerende indsatsplan fra koordinationsmødet den 1. maj 2014');
      expect(m.text).toContain('Mette Hansen');
    }
    const pdf = byTo['peter.psykiater@regionsjaelland.dk']!.attachments[0]!.content;
    expect(pdfText(pdf)).toContain('Mette Hansen');
    const memo = outbox('digital-post').map((f) => readFileSync(path.join(dir, 'outbox', 'digital-post', f), 'utf8'));
    expect(memo.some((x) => x.includes('0101804000'))).toBe(true); // the citizen, by CPR, inside the message only
    expect(memo.some((x) => x.includes('0202601233'))).toBe(true); // the relative
    const letter = readFileSync(path.join(dir, 'outbox', 'print', outbox('print')[0]!));
    expect(pdfText(letter)).toContain('Algade 1');
    for (const f of [...outbox('mail'), ...outbox('digital-post'), ...outbox('print')]) expect(containsCprLike(f)).toBe(false);
    // A professional is reminded to enclose the plan with the plans it concerns; the coordinator's copy is not signed by the coordinator.
    expect(byTo['peter.psykiater@regionsjaelland.dk']!.text).toContain('Husk at vedlægge den som bilag til de eksisterende planer, den vedrører');
    expect(byTo['anne.koordinator@roskilde.dk']!.text?.trim().endsWith('Indsatsplan, Roskilde Kommune, Misbrugscenter')).toBe(true);
  });

  it('puts one tagged PDF/A-2b of whole sheets in the print outbox: the letter, a blank back page, the plan', async () => {
    const letter = readFileSync(path.join(dir, 'outbox', 'print', outbox('print')[0]!));
    const info = pdfInfo(letter);
    expect(info.tagged).toBe(true);
    expect([info.pdfaPart, info.pdfaConformance]).toEqual(['2', 'B']);
    expect(pdfStructure(letter).warnings).toBe('');
    expect(info.pages % 2).toBe(0);
    const pages = pdfText(letter).split('\f').slice(0, -1).map(squash);
    expect(pages).toHaveLength(info.pages);
    expect(pages[0]).toContain('Kære praktiserende læge');
    // The organisation once, in the letterhead; the back of the letter empty; the plan from the second sheet.
    expect(pages[0]!.split('Roskilde Kommune, Misbrugscenter')).toHaveLength(2);
    expect(pages[1]).toBe('');
    expect(pages[2]).toContain('Stamoplysninger');
    const n = Number(/Side 1 af (\d+)/.exec(pages[2]!)?.[1]);
    expect(pages.slice(2, 2 + n).map((p) => /Side (\d+) af/.exec(p)?.[1])).toEqual(Array.from({ length: n }, (_, i) => String(i + 1)));
    expect(pages.slice(2 + n)).toEqual(n % 2 ? [''] : []);
  });

  it('shows each recipient’s state, and the audit log records who did what for whom, without CPR', async () => {
    const status = await request(ctx.app).get(`/api/distributions/${id}`);
    expect(status.status).toBe(200);
    expect(status.body).toMatchObject({ finished: true, counts: { sent: 6, manual: 1, pending: 0, failed: 0 } });
    const audit = await request(ctx.app).get(`/api/distributions/${id}/audit`);
    const records = audit.body.records as Array<{ actor: string; action: string; name: string | null; channel: string | null }>;
    expect(records[0]).toMatchObject({ actor: 'Anne Koordinator (akoo)', action: 'distribution-prepared' });
    expect(records.filter((r) => r.action === 'delivery-sent').map((r) => r.name)).toEqual([
      'Anne Koordinator', 'Peter Psykiater', 'Sara Sagsbehandler', 'Mette Hansen', 'Ole Hansen', 'Lægerne i Algade',
    ]);
    expect(records.filter((r) => r.action === 'send-requested').map((r) => r.actor)).toEqual(['Anne Koordinator (akoo)', 'ukendt (ingen X-Actor)']);
    expect(containsCprLike(JSON.stringify(records))).toBe(false);
    expect((await request(ctx.app).get('/api/distributions/00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });

  it('keeps no CPR number and no document in the database once everything is finished', () => {
    const db = new Database(ctx.config.databaseFile, { readonly: true });
    try {
      const rows = (t: string) => db.prepare(`SELECT * FROM ${t}`).all();
      expect(rows('documents').filter((r) => (r as { distribution_id: string }).distribution_id === id)).toEqual([]);
      for (const t of ['distributions', 'deliveries', 'audit_log', 'idempotency_keys']) {
        for (const r of rows(t)) {
          const row = r as Record<string, unknown>;
          if (t === 'deliveries' && row.distribution_id !== id) continue; // the other distribution is still pending
          expect(containsCprLike(JSON.stringify(row)), `${t}: ${JSON.stringify(row)}`).toBe(false);
        }
      }
    } finally {
      db.close();
    }
  });

  it('wrote no CPR number into any log line', () => {
    expect(lines.length).toBeGreaterThan(10);
    for (const line of lines) expect(containsCprLike(line), line).toBe(false);
  });
});
