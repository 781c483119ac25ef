/**
 * POST /api/plans/upload through HTTP with the real app and the real LibreOffice: the
 * answers of api.md, and hostile or broken files refused with a clear Danish 4xx problem,
 * with the service still answering afterwards (how fast: bench/upload-read.ts).
 */
import { readFileSync } from 'node:fs';
import PizZip from 'pizzip';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PlanSchema } from '../src/plan/schema.js';
import { ANSWER_CONSEQUENCE } from '../src/plan/rules.js';
import { renderPlanDocx } from '../src/plan/render-plan-docx.js';
import { createDocxTemplateRenderer } from '../src/templating/template-renderer.js';
import { buildPlanForm } from '../src/plan-form/build-plan-form.js';
import { errorTable, type ErrorCode } from '../src/shared/errors.js';
import { createTestApp } from './helpers/app.js';
import { binaryParser } from './helpers/binary.js';
import { compoundFile, contentTypes, documentXml, entriesBomb, markupBomb, minimalDocx, ratioBomb, withDeclaredSize } from './helpers/hostile-docx.js';
import { pdfText } from './helpers/pdf.js';

const bilag2 = PlanSchema.parse(JSON.parse(readFileSync(new URL('../fixtures/bilag2.json', import.meta.url), 'utf8')));
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

let t: Awaited<ReturnType<typeof createTestApp>>;
let filled: Buffer;

beforeAll(async () => {
  t = await createTestApp();
  filled = renderPlanDocx(bilag2, createDocxTemplateRenderer());
});
afterAll(async () => {
  await t?.close();
});

const upload = (file: Buffer, accept = 'application/json', name = 'indsatsplan.docx', query = '') =>
  request(t.app).post(`/api/plans/upload${query}`).set('Accept', accept).attach('file', file, { filename: name, contentType: DOCX });

/** The filled plan with both Ja and Nej ticked for consent (the 5th and 6th box). */
function consentBothTicked(): Buffer {
  const zip = new PizZip(filled);
  const xml = zip.file('word/document.xml')!.asText();
  let n = 0;
  zip.file('word/document.xml', xml.replace(/>([☒☐])<\/w:t>/gu, (all) => (++n === 6 ? '>☒</w:t>' : all)));
  return zip.generate({ type: 'nodebuffer' }) as Buffer;
}

/** A problem document: status, code (from its type), Danish detail. */
function expectProblem(res: request.Response, status: number, code: ErrorCode) {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body.type).toBe(`/problems/${code}`);
  expect(res.body.title).toBe(errorTable[code].title);
  return res.body as { detail?: string; errors?: unknown[]; warnings?: unknown[]; plan?: unknown };
}

describe('POST /api/plans/upload answers', () => {
  it('with the plan read and its problems as JSON', async () => {
    const res = await upload(filled);
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body.source).toBe('plain-template');
    expect(res.body.errors).toEqual([]);
    expect(res.body.warnings.map((w: { code: string }) => w.code)).toEqual(['cpr.modulus11']);
    expect(res.body.plan.citizen).toEqual(bilag2.citizen);
    expect(res.body.plan.goals).toEqual(bilag2.goals);
    expect(res.body.plan.followUpDate).toBe('2014-10-01');
  });

  it('reads the service\'s own fillable form too (its reader comes first)', async () => {
    const res = await upload(buildPlanForm(bilag2));
    expect(res.status).toBe(200);
    expect(res.body.source).toBe('form-controls');
    expect(res.body.plan.citizen).toEqual(bilag2.citizen);
    expect(res.body.plan.grounds).toEqual(bilag2.grounds);
  });

  it('with the final PDF when asked for it', async () => {
    const res = await upload(filled, 'application/pdf').buffer(true).parse(binaryParser);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe('attachment; filename="indsatsplan-2014-05-01.pdf"');
    const text = pdfText(res.body as Buffer).replace(/\s+/g, ' ');
    expect(text).toContain('Jens Peter Nielsen');
    expect(text).toContain('Kontakt til Jobcenter');
  });

  it('with 422, the problems and the plan read so far when the PDF cannot be made', async () => {
    const res = await upload(consentBothTicked(), 'application/pdf');
    const body = expectProblem(res, 422, 'plan-invalid');
    expect(body.errors).toContainEqual(expect.objectContaining({ code: 'upload.box-unclear', path: '/consent', label: 'Samtykke' }));
    expect((body.plan as { citizen: { name: string } }).citizen.name).toBe('Jens Peter Nielsen');
    expect(body.warnings).toBeInstanceOf(Array);
  });

  it('with the consequence of an unreadable consent the rule gives, what to do, and the form section', async () => {
    const res = await upload(consentBothTicked());
    expect(res.status).toBe(200);
    expect(res.body.errors).toEqual([
      {
        code: 'upload.box-unclear',
        path: '/consent',
        label: 'Samtykke',
        section: '1. Stamoplysninger',
        message: `Både »Ja« og »Nej« er afkrydset ved »Samtykke«. Sæt kun ét kryds. ${ANSWER_CONSEQUENCE.consent}`,
        action: 'Sæt kryds ved enten Ja eller Nej ved »Samtykke« i Word-filen, gem den, og upload den igen.',
      },
    ]);
    expect(res.body.pdf.final).toEqual({ available: false, reason: expect.stringContaining('Planen har 1 fejl.') });
    expect(res.body.pdf.draft).toEqual({ available: true, reason: null });
  });

  it('with the PDFs a valid plan can be had as, and its dates as the form prints them', async () => {
    const res = await upload(filled);
    expect(res.body.pdf).toEqual({ final: { available: true, reason: null }, draft: { available: true, reason: null } });
    expect(res.body.dates).toEqual({ meetingDate: '1. maj 2014', followUpDate: '1. oktober 2014' });
    expect(res.body.warnings[0]).toMatchObject({ code: 'cpr.modulus11', action: expect.stringMatching(/^Kontroller cpr-nummeret/) });
  });

  it('with a draft PDF of a plan that has errors when asked for one (?draft=true)', async () => {
    const res = await upload(consentBothTicked(), 'application/pdf', 'plan.docx', '?draft=true').buffer(true).parse(binaryParser);
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toBe('attachment; filename="indsatsplan-2014-05-01-kladde.pdf"');
    const text = pdfText(res.body as Buffer).replace(/\s+/g, ' ');
    expect(text).toContain('KLADDE');
    expect(text).toContain('Jens Peter Nielsen');
  });

  it('with 422 and the reason when not even a draft may be made: the citizen said no to consent', async () => {
    const plan = buildPlanForm({ ...bilag2, consent: false });
    const json = await upload(plan);
    expect(json.body.pdf.draft).toEqual({ available: false, reason: expect.stringContaining('Det gælder også en kladde.') });
    const body = expectProblem(await upload(plan, 'application/pdf', 'plan.docx', '?draft=true'), 422, 'plan-invalid');
    expect(body.detail).toBe(json.body.pdf.draft.reason);
    expect(body.errors).toContainEqual(expect.objectContaining({ code: 'consent.refused' }));
  });

  it('400 for a draft parameter that is neither true nor false', async () => {
    expectProblem(await upload(filled, 'application/pdf', 'plan.docx', '?draft=ja'), 400, 'request.invalid');
  });

  it('406 when neither JSON nor PDF is acceptable', async () => {
    expectProblem(await upload(filled, 'text/html'), 406, 'request.not-acceptable');
  });
});

describe('POST /api/plans/upload refuses, in Danish, and keeps serving', () => {
  const textFile = Buffer.from('Navn: Jens\n', 'utf8');
  const cases: Array<[string, () => request.Test, number, ErrorCode, RegExp]> = [
    ['no file', () => request(t.app).post('/api/plans/upload').field('note', 'hej'), 400, 'upload-rejected', /ingen fil/],
    [
      'two files',
      () => request(t.app).post('/api/plans/upload').attach('file', filled, 'a.docx').attach('file', filled, 'b.docx'),
      400,
      'upload-rejected',
      /præcis én fil/,
    ],
    ['a file in another field', () => request(t.app).post('/api/plans/upload').attach('document', filled, 'a.docx'), 400, 'upload-rejected', /præcis én fil/],
    [
      'a malformed multipart body',
      () => request(t.app).post('/api/plans/upload').set('Content-Type', 'multipart/form-data; boundary=b').send('--b\r\nContent-Disposition: form-data; name="file"; filename="a.docx"\r\n\r\nPK'),
      400,
      'upload-rejected',
      /multipart\/form-data/,
    ],
    ['multipart without a boundary', () => request(t.app).post('/api/plans/upload').set('Content-Type', 'multipart/form-data').send('x'), 400, 'upload-rejected', /multipart\/form-data/],
    ['JSON instead of a file', () => request(t.app).post('/api/plans/upload').send({ plan: 1 }), 415, 'request.unsupported-media-type', /multipart/],
    ['a file over the size limit', () => upload(Buffer.alloc(11 * 1024 * 1024, 1)), 413, 'upload-too-large', /større end tilladt: højst 10 MB kan modtages\. Fjern/],
    ['a text file', () => upload(textFile), 415, 'upload-unsupported', /ikke et Word-dokument/],
    ['a PDF', () => upload(Buffer.from('%PDF-1.4\n')), 415, 'upload-unsupported', /PDF/],
    ['a .doc', () => upload(compoundFile(['Root Entry', 'WordDocument'])), 415, 'upload-unsupported', /\.doc/],
    ['an encrypted file', () => upload(compoundFile(['Root Entry', 'EncryptionInfo', 'EncryptedPackage'])), 415, 'upload-unsupported', /adgangskode/],
    [
      'a macro-enabled .docm',
      () => upload(minimalDocx({ '[Content_Types].xml': contentTypes('/word/document.xml', 'application/vnd.ms-word.document.macroEnabled.main+xml') })),
      415,
      'upload-unsupported',
      /makroer/,
    ],
    ['a truncated zip', () => upload(filled.subarray(0, filled.length >> 1)), 422, 'upload-corrupt', /afkortet/],
    ['a zip bomb (ratio)', () => upload(ratioBomb()), 422, 'upload-unsafe', /zip-bombe/],
    [
      'a zip bomb (lying header)',
      () => upload(withDeclaredSize(minimalDocx({ 'word/document.xml': documentXml(`<w:p><w:r><w:t>${'Indsats og mål. '.repeat(20)}</w:t></w:r></w:p>`) }), 'word/document.xml', 100)),
      422,
      'upload-unsafe',
      /end filen oplyser/,
    ],
    [
      'XML with an entity',
      () => upload(minimalDocx({ 'word/document.xml': documentXml('<w:p/>', '<!DOCTYPE d [<!ENTITY e SYSTEM "http://127.0.0.1:9/x">]>') })),
      422,
      'upload-unsafe',
      /DTD/,
    ],
    [
      'a DTD in a part no reader opens (word/_rels/document.xml.rels)',
      () =>
        upload(
          minimalDocx({
            'word/_rels/document.xml.rels': '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY e SYSTEM "file:///etc/passwd">]><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>',
          }),
        ),
      422,
      'upload-unsafe',
      /DTD .*word\/_rels\/document\.xml\.rels/,
    ],
    [
      'XML nested deeper than any document',
      () => upload(minimalDocx({ 'word/document.xml': documentXml(`${'<w:sdt><w:sdtContent>'.repeat(200)}${'</w:sdtContent></w:sdt>'.repeat(200)}`) })),
      422,
      'upload-unsafe',
      /indlejret/,
    ],
    ['too much markup to parse quickly', () => upload(markupBomb()), 413, 'upload-too-large', /XML-elementer/],
    ['a Word document that is not a plan', () => upload(minimalDocx()), 422, 'upload-invalid', /ikke en koordinerende indsatsplan/],
  ];

  it.each(cases)('%s', async (_what, send, status, code, detail) => {
    const body = expectProblem(await send(), status, code);
    expect(body.detail).toMatch(detail);
    const health = await request(t.app).get('/healthz');
    expect(health.status).toBe(200);
  });

  it('a zip bomb with more entries than allowed', async () => {
    const body = expectProblem(await upload(entriesBomb(t.config.limits.uploadEntries)), 422, 'upload-unsafe');
    expect(body.detail).toMatch(/dele/);
  });
});
