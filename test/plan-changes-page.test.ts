/**
 * POST /api/plans/pdf and /docx with the previous plan beside the plan: the real LibreOffice
 * renders a last page "Ændringer siden planen af …" with the changes; without `previous`
 * the document is the plan alone, page for page and word for word.
 */
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { strFromU8, unzipSync } from 'fflate';
import { PROJECT_ROOT } from '../src/shared/paths.js';
import { createTestApp } from './helpers/app.js';
import { binaryParser } from './helpers/binary.js';
import { pdfInfo, pdfText, squash } from './helpers/pdf.js';

type PlanJson = Record<string, unknown> & { goals: Array<{ title: string; interventions: object[] }>; participants: Array<{ name: string }> };
const bilag2 = (): PlanJson => JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'fixtures', 'bilag2.json'), 'utf8'));

/** Bilag 2 after the follow-up meeting: one goal reworded, one intervention added, Mads gone. */
function followUp(): PlanJson {
  const plan = bilag2();
  plan.meetingDate = '2014-10-01';
  plan.followUpDate = '2015-03-01';
  plan.goals[1]!.title = 'Motivere til alkoholbehandling';
  plan.goals[0]!.interventions.push({ task: 'Kriseplan udarbejdes', successCriteria: 'Borgeren kender planen', responsible: 'DP og borgeren', timeline: 'Inden 1.8.2014' });
  plan.participants = plan.participants.filter((p) => p.name !== 'Mads Jørgensen');
  return plan;
}

/** Whitespace squashed; a word hyphenated at a line end joined again (table cells wrap). */
const flat = (s: string) => squash(s).replace(/-\s+/g, '');
const pages = (pdf: Buffer) => pdfText(pdf).split('\f').filter((p) => p.trim() !== '');

let t: Awaited<ReturnType<typeof createTestApp>>;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

const render = async (route: 'pdf' | 'docx', body: object) => {
  const res = await request(t.app).post(`/api/plans/${route}`).send(body).buffer(true).parse(binaryParser);
  expect(res.status, String(res.body)).toBe(200);
  return { body: res.body as Buffer, res };
};

describe('the page of changes in the PDF', () => {
  let alone: Buffer;
  let withChanges: Buffer;
  beforeAll(async () => {
    alone = (await render('pdf', followUp())).body;
    withChanges = (await render('pdf', { ...followUp(), previous: bilag2() })).body;
  }, 180_000);

  it('is one page more, after the plan, which is otherwise the same page for page', () => {
    const [before, after] = [pages(alone), pages(withChanges)];
    expect(pdfInfo(withChanges).pages).toBe(pdfInfo(alone).pages + 1);
    expect(after.length).toBe(before.length + 1);
    // Only the footer's page count differs ("Side 3 af 9" → "Side 3 af 10").
    const withoutTotal = (p: string) => p.replace(/Side (\d+) af \d+/, 'Side $1');
    expect(after.slice(0, -1).map(withoutTotal)).toEqual(before.map(withoutTotal));
    expect(pdfText(alone)).not.toContain('Ændringer siden');
  });

  it('has the heading and the changes, section by section, and nothing for sections without changes', () => {
    const last = flat(pages(withChanges).at(-1)!);
    // Under the running header (the form and the meeting date), on a page of its own.
    expect(last).toMatch(/^Koordinerende indsatsplan · møde 1\. oktober 2014 Ændringer siden planen af 1\. maj 2014 /);
    expect(last).toContain('1. Stamoplysninger Felt Ændring');
    expect(last).toContain('Deltagere i koordinationsmødet Ikke længere deltager: Mads Jørgensen (Sagsbehandler, Jobcenter Roskilde).');
    expect(last).toContain('Dato for koordinationsmødet Ændret fra 1. maj 2014 til 1. oktober 2014.');
    expect(last).toContain('4. Fælles mål og prioritering Felt Ændring');
    expect(last).toContain(flat('Mål 1 Mål 1 »Fastholdelse i psykiatrisk behandling«: ny indsats 2 »Kriseplan udarbejdes« (ansvar: »DP og borgeren«; tidsplan: »Inden 1.8.2014«).'));
    expect(last).toContain('Mål 2 Mål 2, titel: ændret fra »Motivere til misbrugsbehandling« til »Motivere til alkoholbehandling«.');
    expect(last).toContain('5. Opfølgning Felt Ændring Dato for opfølgning Ændret fra 1. oktober 2014 til 1. marts 2015.');
    for (const untouched of ['2. Afdækning', '3. Identifikation']) expect(last).not.toContain(untouched);
  });

  it('keeps the PDF PDF/A-2b and tagged, with the plan’s own title', () => {
    const info = pdfInfo(withChanges);
    expect(info.pdfaPart).toBe('2');
    expect(info.pdfaConformance).toBe('B');
    expect(info.tagged).toBe(true);
    expect(info.title).toBe('Koordinerende indsatsplan 1. oktober 2014');
  });

  it('says so when nothing changed', async () => {
    const { body } = await render('pdf', { ...bilag2(), previous: bilag2() });
    const last = flat(pages(body).at(-1)!);
    expect(last).toContain('Ændringer siden planen af 1. maj 2014');
    expect(last).toContain('Planens indhold er det samme som i den forrige plan.');
  }, 120_000);
});

describe('the request shape that keeps the contract', () => {
  const documentXml = (docx: Buffer) => strFromU8(unzipSync(docx)['word/document.xml']!);

  it('takes the plan as always; "previous": null is the same as no previous plan', async () => {
    const [plain, nulled] = await Promise.all([render('docx', followUp()), render('docx', { ...followUp(), previous: null })]);
    expect(documentXml(nulled.body)).toBe(documentXml(plain.body));
    expect(documentXml(plain.body)).not.toContain('Ændringer');
  });

  it('adds the page to the .docx too, and keeps its file name', async () => {
    const { body, res } = await render('docx', { ...followUp(), previous: bilag2() });
    expect(documentXml(body)).toContain('Ændringer siden planen af 1. maj 2014');
    expect(res.headers['content-disposition']).toBe('attachment; filename="indsatsplan-2014-10-01.docx"');
  });

  it('reports the plan’s problems and the previous plan’s structural ones at once; the previous plan need not be final', async () => {
    const draft = { ...bilag2(), status: 'draft', approvedByCitizen: null };
    const ok = await request(t.app).post('/api/plans/docx').send({ ...followUp(), previous: draft });
    expect(ok.status).toBe(200);

    const res = await request(t.app).post('/api/plans/pdf').send({ ...followUp(), consent: false, previous: { ...bilag2(), goals: 'ingen' } });
    expect(res.status).toBe(422);
    expect((res.body.errors as Array<{ path: string }>).map((e) => e.path)).toEqual(['/consent', '/previous/goals']);
  });
});
