/**
 * GET/POST /api/plans/form through HTTP: the fillable form, blank and pre-filled from
 * any part of the plan JSON; it looks like the official form (its text and its pages, via
 * the real LibreOffice and pdftotext) and reads back as what was pre-filled.
 */
import { readFileSync } from 'node:fs';
import { DOMParser } from '@xmldom/xmldom';
import { strFromU8, unzipSync } from 'fflate';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDocx } from '../src/upload/open-docx.js';
import { readFormControls } from '../src/upload/read-form-controls.js';
import { descendants, elementText, squash as squashWords, W_NS } from '../src/upload/ooxml-text.js';
import { createTestApp } from './helpers/app.js';
import { binaryParser } from './helpers/binary.js';
import { BILAG1_FILE, readOfficialText } from './helpers/bilag1.js';
import { pdfText } from './helpers/pdf.js';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

let t: Awaited<ReturnType<typeof createTestApp>>;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

const readBack = (docx: Buffer) => readFormControls(openDocx(docx, t.config.limits))!;

describe('GET /api/plans/form', () => {
  it('gives the blank form as a .docx with a fixed file name', async () => {
    const res = await request(t.app).get('/api/plans/form').buffer(true).parse(binaryParser);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe(DOCX);
    expect(res.headers['content-disposition']).toBe('attachment; filename="indsatsplan-formular.docx"');
    const plan = readBack(res.body as Buffer).plan;
    expect(plan.citizen).toEqual({ name: '', cpr: '', address: '', phone: '' });
    expect(plan.participants).toEqual([]);
  });

  it('prints the official form’s words (Bilag 1)', async () => {
    const res = await request(t.app).get('/api/plans/form').buffer(true).parse(binaryParser);
    const text = pdfText(await t.converter.docxToPdf(res.body as Buffer)).replace(/\s+/g, ' ');
    // The official text (../shared/spec/bilag1.md), not the service's labels; the blank form has three goals.
    const words = [...readOfficialText().phrases, 'Mål 2', 'Mål 3'];
    // Lines may hyphenate in narrow cells: compare without hyphens and spaces.
    const squash = (s: string) => s.replace(/[\s\u00ad-]+/g, '');
    for (const w of words) expect(squash(text), w).toContain(squash(w));
    expect(text).toContain('☐');
  });

  it('says nothing the official form does not say: no instructions of its own', async () => {
    const res = await request(t.app).get('/api/plans/form').buffer(true).parse(binaryParser);
    const official = squashWords(readFileSync(BILAG1_FILE, 'utf8'));
    const doc = new DOMParser().parseFromString(strFromU8(unzipSync(res.body as Buffer)['word/document.xml']!), 'text/xml');
    // The text outside the controls (their placeholders are the official hints, or a field's name in brackets).
    const texts = descendants(doc.documentElement!, W_NS.transitional, 'p', true)
      .map((p) => elementText(p, W_NS.transitional, { skipContentControls: true }).trim())
      .filter((t) => squashWords(t) !== '' && !/^Mål \d$/.test(t));
    expect(texts.length).toBeGreaterThan(60);
    for (const t of texts) expect(official, t).toContain(squashWords(t));
  });

  it('lays the form out as Bilag 1: section 1 with its note on page 1, each further section on a page of its own, rows whole', async () => {
    const res = await request(t.app).get('/api/plans/form').buffer(true).parse(binaryParser);
    const pdf = await t.converter.docxToPdf(res.body as Buffer);
    const pages = pdfText(pdf).split('\f').map((p) => p.replace(/\s+/g, ' ').trim()).filter(Boolean);
    expect(pages).toHaveLength(5);
    pages.forEach((page, i) => expect(page).toContain(`Side ${i + 1} af 5`));
    expect(pages[0]).toMatch(/^Koordinerende indsatsplan 1\. Stamoplysninger/);
    // The last row of section 1 with its boxes, and the note under it.
    expect(pages[0]).toMatch(/Indsatsplan er godkendt af borger ☐ Ja ☐ Nej/);
    expect(pages[0]).toContain('Samme forhold vil gøre sig gældende');
    expect(pages[0]).toContain('[Koordinators navn, stilling, organisation og kontaktoplysninger angives her]');
    expect(pages[0]).toContain('[De inddragede parters navn, stilling, organisation og kontaktoplysninger angives her]');
    expect(pages[1]).toMatch(/^2\. Afdækning af status/);
    expect(pages[1]).toContain('Andet Status');
    expect(pages[2]).toMatch(/^3\. Identifikation/);
    expect(pages[3]).toMatch(/^4\. Fælles mål/);
    expect(pages[3]).toContain('Mål 3');
    expect(pages[4]).toMatch(/^5\. Opfølgning/);
    expect(pages[4]).toContain('Opfølgende møde afholdes den ___________ 20___');
  });
});

describe('POST /api/plans/form', () => {
  it('pre-fills whatever part of the plan it is given, and the upload reads it back', async () => {
    const known = {
      citizen: { name: 'Jens Peter Nielsen', cpr: '010180-4000' },
      consent: true,
      coordinator: { name: 'Anne Andersen', email: 'anne@misbrug.example.dk' },
      participants: [{ name: 'Peter Holm', title: 'Overlæge' }, { name: 'Lise Madsen', attended: false }],
      meetingDate: '2014-05-01',
    };
    const res = await request(t.app).post('/api/plans/form').send(known).buffer(true).parse(binaryParser);
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toBe('attachment; filename="indsatsplan-formular.docx"');
    const plan = readBack(res.body as Buffer).plan;
    expect(plan.citizen).toEqual({ name: 'Jens Peter Nielsen', cpr: '010180-4000', address: '', phone: '' });
    expect(plan.consent).toBe(true);
    expect(plan.approvedByCitizen).toBeNull();
    expect(plan.coordinator).toEqual({ name: 'Anne Andersen', title: '', organisation: '', phone: '', email: 'anne@misbrug.example.dk' });
    expect(plan.participants).toEqual([
      { name: 'Peter Holm', title: 'Overlæge', organisation: '', phone: '', email: '', attended: true },
      { name: 'Lise Madsen', title: '', organisation: '', phone: '', email: '', attended: false },
    ]);
    expect(plan.meetingDate).toBe('2014-05-01');

    const upload = await request(t.app).post('/api/plans/upload').set('Accept', 'application/json').attach('file', res.body as Buffer, { filename: 'f.docx', contentType: DOCX });
    expect(upload.status).toBe(200);
    expect(upload.body.source).toBe('form-controls');
    expect(upload.body.plan.citizen.name).toBe('Jens Peter Nielsen');
  });

  it('does not require a valid plan: values of the wrong type are left out', async () => {
    const res = await request(t.app)
      .post('/api/plans/form')
      .send({ citizen: { name: 42, cpr: null }, participants: 'nobody', goals: [{ title: 'Bolig', interventions: [{ task: ['x'] }] }], meetingDate: 'i morgen' })
      .buffer(true)
      .parse(binaryParser);
    expect(res.status).toBe(200);
    const read = readBack(res.body as Buffer);
    expect(read.plan.citizen?.name).toBe('42');
    expect(read.plan.citizen?.cpr).toBe('');
    expect(read.plan.participants).toEqual([]);
    expect(read.plan.goals).toEqual([{ title: 'Bolig', interventions: [] }]);
    // A date that is no date is shown as written, and the upload says so.
    expect(read.problems).toContainEqual(expect.objectContaining({ code: 'upload.date-unreadable', path: '/meetingDate' }));
  });

  it('answers a body that is not a JSON object with a Danish problem', async () => {
    const arr = await request(t.app).post('/api/plans/form').send([1, 2]);
    expect(arr.status).toBe(400);
    expect(arr.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(arr.body.detail).toMatch(/JSON-objekt/);
    const text = await request(t.app).post('/api/plans/form').set('Content-Type', 'text/plain').send('navn');
    expect(text.status).toBe(415);
  });

  it('is described in the OpenAPI document', async () => {
    const res = await request(t.app).get('/openapi.json');
    expect(res.body.paths['/api/plans/form'].get.responses['200'].content).toHaveProperty(DOCX);
    expect(res.body.paths['/api/plans/form'].post.requestBody.content['application/json'].schema.$ref).toBe('#/components/schemas/Plan');
  });
});
