/**
 * POST /api/plans/follow-up-form through HTTP: Bilag 2's follow-up form, from JSON and from
 * the plan's Word file; what it shows (via the real LibreOffice and pdftotext); and the round
 * trip a referent makes: the form filled at the follow-up meeting in LibreOffice Writer,
 * uploaded back, reads as the plan with the same goals and interventions and the new dates.
 */
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../src/shared/paths.js';
import { PlanSchema, type Plan } from '../src/plan/schema.js';
import { createTestApp } from './helpers/app.js';
import { binaryParser } from './helpers/binary.js';
import { fillInWriter } from './helpers/fill-in-writer.js';
import { pdfText } from './helpers/pdf.js';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const bilag2Json = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'fixtures', 'bilag2.json'), 'utf8')) as Record<string, unknown>;
const bilag2: Plan = PlanSchema.parse(bilag2Json);
/** Whitespace does not survive every editor the same way (LibreOffice drops a pre-filled control's line breaks). */
const words = (s: string) => s.replace(/\s+/g, ' ').trim();
const existingWords = (p: Plan) => Object.fromEntries(Object.entries(p.existingPlans).map(([k, e]) => [k, { status: words(e.status), goal: words(e.goal), intervention: words(e.intervention) }]));

let t: Awaited<ReturnType<typeof createTestApp>>;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

const followUpForm = async (body: object) => {
  const res = await request(t.app).post('/api/plans/follow-up-form').send(body).buffer(true).parse(binaryParser);
  expect(res.status, String(res.body)).toBe(200);
  return res;
};
const upload = async (docx: Buffer) => {
  const res = await request(t.app).post('/api/plans/upload').set('Accept', 'application/json').attach('file', docx, { filename: 'plan.docx', contentType: DOCX });
  expect(res.status).toBe(200);
  expect(res.body.source).toBe('form-controls');
  return res.body as { plan: Plan; errors: Array<{ code: string; path: string }>; warnings: unknown[] };
};

describe('the follow-up form of Bilag 2', () => {
  let form: Buffer;
  beforeAll(async () => {
    const res = await followUpForm(bilag2Json);
    expect(res.headers['content-type']).toBe(DOCX);
    // Dates only in the name: the follow-up meeting's.
    expect(res.headers['content-disposition']).toBe('attachment; filename="indsatsplan-opfoelgning-2014-10-01.docx"');
    form = res.body as Buffer;
  });

  it('carries the plan over, meets on the agreed follow-up date, and leaves the new meeting’s decisions open', async () => {
    const { plan, errors } = await upload(form);
    expect(plan.citizen).toEqual(bilag2.citizen);
    expect(plan.grounds).toEqual(bilag2.grounds);
    expect(plan.coordinator).toEqual(bilag2.coordinator);
    // Everyone on the plan is invited again; apologies are marked at the meeting.
    expect(plan.participants).toEqual(bilag2.participants.map((p) => ({ ...p, attended: true })));
    expect(plan.existingPlans).toEqual(bilag2.existingPlans);
    expect(plan.challenges).toEqual(bilag2.challenges);
    expect(plan.goals).toEqual(bilag2.goals);
    expect(plan.meetingDate).toBe('2014-10-01');
    expect(plan.followUpDate).toBeNull();
    expect(plan.consent).toBeNull();
    expect(plan.approvedByCitizen).toBeNull();
    // So the form is not a final plan yet: exactly what the meeting must decide is reported.
    expect(errors.map((e) => e.path).sort()).toEqual(['/approvedByCitizen', '/consent', '/followUpDate']);
  });

  it('names the plan being evaluated in section 5 and asks for consent anew', async () => {
    const text = pdfText(await t.converter.docxToPdf(form)).replace(/\s+/g, ' ');
    expect(text).toContain('Indsatsplan, der evalueres Indsatsplanen af 1. maj 2014');
    expect(text).toMatch(/5\. Opfølgning Indsatsplan, der evalueres Indsatsplanen af 1\. maj 2014 Dato for opfølgning/);
    expect(text).toContain('Bekræftes igen på opfølgningsmødet: borgeren skal fortsat give samtykke.');
    expect(text).toContain('Borgeren godkender den opdaterede plan på opfølgningsmødet.');
    expect(text).toContain('Opfølgningsdatoen fra indsatsplanen af 1. maj 2014.');
    expect(text).toContain('Formular til opfølgningsmødet.');
    for (const g of bilag2.goals) expect(text).toContain(g.title);
  });

  it('filled at the follow-up meeting in LibreOffice Writer and uploaded, reads as the updated plan', async () => {
    const filled = await fillInWriter(form, {
      boxes: [
        { alias: 'Samtykke: Ja', checked: true },
        { alias: 'Godkendt af borger: Ja', checked: true },
        // Mads sent apologies again.
        { alias: 'Deltager: deltog', nth: 3, checked: false },
      ],
      fields: [{ alias: 'Dato for opfølgning', value: '1.4.2015' }],
    });
    const { plan, errors } = await upload(filled);
    expect(errors).toEqual([]);
    expect(plan.goals).toEqual(bilag2.goals);
    expect(plan.challenges).toEqual(bilag2.challenges);
    expect(existingWords(plan)).toEqual(existingWords(bilag2));
    expect(plan.participants).toEqual(bilag2.participants);
    expect(plan.meetingDate).toBe('2014-10-01');
    expect(plan.followUpDate).toBe('2015-04-01');
    expect(plan.consent).toBe(true);
    expect(plan.approvedByCitizen).toBe(true);
  }, 300_000);
});

describe('POST /api/plans/follow-up-form with the previous plan’s Word file', () => {
  it('reads the file as uploads are read and gives the same form', async () => {
    // The plan as the coordinator has it: the filled official template from POST /api/plans/docx.
    const docx = await request(t.app).post('/api/plans/docx').send(bilag2Json).buffer(true).parse(binaryParser);
    expect(docx.status).toBe(200);
    const res = await request(t.app).post('/api/plans/follow-up-form').attach('file', docx.body as Buffer, { filename: 'plan.docx', contentType: DOCX }).buffer(true).parse(binaryParser);
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toBe('attachment; filename="indsatsplan-opfoelgning-2014-10-01.docx"');
    const { plan } = await upload(res.body as Buffer);
    expect(plan.goals).toEqual(bilag2.goals);
    expect(plan.challenges).toEqual(bilag2.challenges);
    expect(plan.participants.map((p) => p.name)).toEqual(bilag2.participants.map((p) => p.name));
    expect(plan.meetingDate).toBe('2014-10-01');
    expect(plan.followUpDate).toBeNull();
  });

  it('refuses a file that is not a plan with the upload’s own Danish reasons, naming the field', async () => {
    const pdf = await request(t.app).post('/api/plans/follow-up-form').attach('file', Buffer.from('%PDF-1.7\n'), { filename: 'plan.pdf', contentType: 'application/pdf' });
    expect(pdf.status).toBe(415);
    expect(pdf.body.detail).toMatch(/^Filen i feltet "file": /);
    const none = await request(t.app).post('/api/plans/follow-up-form').field('note', 'x');
    expect(none.status).toBe(400);
    expect(none.body.detail).toMatch(/feltet "file"/);
  });
});

describe('POST /api/plans/follow-up-form with JSON', () => {
  it('needs no complete plan, but one whose structure is sound: every problem at once', async () => {
    const partial = await followUpForm({ citizen: { name: 'Jens' }, followUpDate: '2014-10-01' });
    expect((await upload(partial.body as Buffer)).plan.meetingDate).toBe('2014-10-01');

    const res = await request(t.app).post('/api/plans/follow-up-form').send({ ...bilag2Json, goals: 'mange', consent: 'ja' });
    expect(res.status).toBe(422);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect((res.body.errors as Array<{ path: string }>).map((e) => e.path).sort()).toEqual(['/consent', '/goals']);
    expect(JSON.stringify(res.body)).not.toContain('010180');
  });

  it('answers a body that is not a JSON object with a Danish problem', async () => {
    const res = await request(t.app).post('/api/plans/follow-up-form').send([bilag2Json]);
    expect(res.status).toBe(400);
    expect(res.body.detail).toMatch(/JSON-objekt/);
  });

  it('is described in the OpenAPI document, with both request kinds', async () => {
    const doc = (await request(t.app).get('/openapi.json')).body;
    const op = doc.paths['/api/plans/follow-up-form'].post;
    expect(op.requestBody.content['application/json'].schema.$ref).toBe('#/components/schemas/Plan');
    expect(op.requestBody.content['multipart/form-data'].schema.required).toEqual(['file']);
    expect(op.responses['200'].content).toHaveProperty(DOCX);
  });
});
