/**
 * POST /api/plans/pdf through HTTP with the real LibreOffice: the PDF is read back with
 * pdftotext/pdfinfo and checked the way a person would check the printed form.
 */
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from './helpers/app.js';
import { binaryParser } from './helpers/binary.js';
import { pdfInfo, pdfText, squash } from './helpers/pdf.js';
import { PROJECT_ROOT } from '../src/shared/paths.js';
import { EXISTING_PLAN_KEYS, type PlanInput } from '../src/plan/schema.js';
import { readOfficialText } from './helpers/bilag1.js';

const fixture = (name: string): PlanInput & Record<string, unknown> =>
  JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'fixtures', name), 'utf8'));

/**
 * Whitespace squashed, and a hyphen before a space dropped on both sides: pdftotext joins
 * a word hyphenated at a line end ("stof-⏎og" → "stofog"), which the plan's text cannot know.
 */
const flat = (s: string) => squash(s).replace(/-\s+/g, '');
/** The text without the footer and header between pages, where a paragraph may run on. */
const bodyText = (pdf: Buffer) => flat(pdfText(pdf).replace(/Side \d+ af \d+\s*\f\s*(KLADDE – ikke godkendt\s*)?Koordinerende indsatsplan/g, ' '));

/** Every word with its count; punctuation is not what could get lost. */
function wordCounts(text: string): Map<string, number> {
  const m = new Map<string, number>();
  for (const w of text.split(/[\s.,:;()/!?"«»·–-]+/).filter(Boolean)) m.set(w, (m.get(w) ?? 0) + 1);
  return m;
}

/** Every free-text field of a plan (the ones a person types, which may be long). */
function freeTexts(plan: PlanInput): string[] {
  const out: string[] = [];
  for (const k of EXISTING_PLAN_KEYS) {
    const e = plan.existingPlans?.[k];
    if (e) out.push(e.status ?? '', e.goal ?? '', e.intervention ?? '');
  }
  out.push(...(plan.challenges ?? []));
  for (const g of plan.goals ?? []) {
    out.push(g.title ?? '');
    for (const i of g.interventions ?? []) out.push(i.task ?? '', i.successCriteria ?? '', i.responsible ?? '', i.timeline ?? '');
  }
  return out;
}

/** The same plan with every free text emptied: what the template prints by itself. */
function withoutFreeText(plan: PlanInput): PlanInput {
  const blank = structuredClone(plan);
  for (const k of EXISTING_PLAN_KEYS) if (blank.existingPlans?.[k]) blank.existingPlans[k] = { status: '', goal: '', intervention: '' };
  blank.challenges = (blank.challenges ?? []).map(() => 'x');
  blank.goals = (blank.goals ?? []).map((g) => ({ title: 'x', interventions: (g.interventions ?? []).map(() => ({ task: 'x', successCriteria: 'x', responsible: 'x', timeline: 'x' })) }));
  return blank;
}

describe('POST /api/plans/pdf', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  const pdfOf = async (plan: unknown) => {
    const res = await request(t.app).post('/api/plans/pdf').send(plan as object).buffer(true).parse(binaryParser);
    expect(res.status, String(res.body)).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    return { pdf: res.body as Buffer, res };
  };

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  describe('Bilag 2 of the guideline', () => {
    const plan = fixture('bilag2.json');
    let pdf: Buffer;
    let disposition: string;
    let serverTiming: string;
    let elapsedMs: number;
    let text: string;
    beforeAll(async () => {
      const started = performance.now();
      const r = await pdfOf(plan);
      elapsedMs = performance.now() - started;
      pdf = r.pdf;
      disposition = r.res.headers['content-disposition'] ?? '';
      serverTiming = r.res.headers['server-timing'] ?? '';
      text = bodyText(pdf);
    });

    it('prints every heading, label, hint, box text and note of the official form (Bilag 1), word for word', () => {
      const official = readOfficialText();
      expect(official.phrases.length).toBeGreaterThan(50);
      const missing = official.phrases.filter((w) => !text.includes(flat(w)));
      expect(missing).toEqual([]);
      // Status/Mål/Indsats once per existing plan; a "!" per note box.
      expect(text.match(/ Status /g)?.length).toBeGreaterThanOrEqual(official.existingPlans);
      expect(text.match(/!/g)?.length).toBe(official.notes);
    });

    it('prints the citizen, the coordinator, the participants and the dates', () => {
      for (const s of ['Jens Peter Nielsen', '010180-4000', 'Testvej 12, 4000 Roskilde', 'Anne Andersen', 'Distriktspsykiatrien Roskilde (DP)', 'Mads Jørgensen', 'Meldte afbud', 'Deltog i mødet'])
        expect(text).toContain(s);
      expect(text).toContain('Dato for koordinationsmødet 1. maj 2014');
      expect(text).toContain('Opfølgende møde afholdes den 1. oktober 2014');
    });

    it('ticks the boxes on the lines of the chosen grounds, consent and approval', () => {
      const lines = pdfText(pdf, true).split('\n');
      const boxOf = (start: string) => {
        const line = lines.find((l) => l.includes(start));
        expect(line, start).toBeDefined();
        return /([☒☐])\s+\S/.exec(line!.slice(line!.indexOf(start) - 6))?.[1];
      };
      expect(boxOf('Borgeren er patient i den ambulante')).toBe('☒');
      expect(boxOf('Borgeren er i stof- og/eller')).toBe('☐');
      expect(boxOf('Borgeren vurderes at have behov for psykiatrisk')).toBe('☐');
      expect(boxOf('Borgeren vurderes at have behov for stof-')).toBe('☒');
      // Samtykke, then Indsatsplan er godkendt af borger: each Ja ticked, Nej not.
      const yesNo = lines.map((l) => /([☒☐])\s+(Ja|Nej)\s*$/.exec(l)).filter(Boolean).map((m) => `${m![1]} ${m![2]}`);
      expect(yesNo).toEqual(['☒ Ja', '☐ Nej', '☒ Ja', '☐ Nej']);
    });

    it('prints every existing plan text, challenge, goal and intervention', () => {
      for (const [i, c] of (plan.challenges ?? []).entries()) expect(text).toContain(`${i + 1}. ${flat(c)}`);
      for (const [i, g] of (plan.goals ?? []).entries()) {
        expect(text).toContain(`Mål ${i + 1}: ${g.title}`);
        for (const iv of g.interventions ?? []) for (const v of Object.values(iv)) expect(text).toContain(flat(v as string));
      }
      const texts = freeTexts(plan).filter(Boolean);
      expect(texts.length).toBeGreaterThan(15);
      // Paragraph texts of the existing plans: word for word (line breaks aside).
      for (const s of texts) for (const para of s.split(/\n+/)) expect(text).toContain(flat(para));
    });

    it('is PDF/A-2b and tagged, titled and named without CPR number or diagnosis', () => {
      const info = pdfInfo(pdf);
      expect(info.pdfaPart).toBe('2');
      expect(info.pdfaConformance).toBe('B');
      expect(info.tagged).toBe(true);
      expect(info.raw).toMatch(/Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)/);
      expect(info.title).toBe('Koordinerende indsatsplan 1. maj 2014');
      expect(disposition).toBe('attachment; filename="indsatsplan-2014-05-01.pdf"');
      for (const secret of ['010180', '4000', 'DF40', 'DF10', 'agorafobi', 'alkohol', 'Nielsen']) {
        expect(info.title).not.toContain(secret);
        expect(disposition).not.toContain(secret);
      }
    });

    it('says in Server-Timing how long filling and LibreOffice took', () => {
      const m = /^fill;dur=(\d+\.\d), pdf;dur=(\d+\.\d)$/.exec(serverTiming);
      expect(m, serverTiming).not.toBeNull();
      const [fill, convert] = [Number(m![1]), Number(m![2])];
      expect(fill).toBeGreaterThan(0);
      // LibreOffice's share is most of the answer, and no part is longer than the whole.
      expect(convert).toBeGreaterThan(fill);
      expect(fill + convert).toBeLessThan(elapsedMs);
    });

    it('is final: no draft mark', () => {
      expect(text).not.toContain('KLADDE');
    });
  });

  describe('a plan with long text (several paragraphs) in every free-text field', () => {
    const plan = fixture('long-text.json');

    it('flows across pages and loses no word; a final plan has no draft mark', async () => {
      const words = freeTexts(plan).join(' ').split(/\s+/).length;
      expect(words).toBeGreaterThan(10_000);
      const [{ pdf }, { pdf: blankPdf }] = [await pdfOf(plan), await pdfOf(withoutFreeText(plan))];
      const info = pdfInfo(pdf);
      expect(info.pages).toBeGreaterThan(30);
      const got = wordCounts(pdfText(pdf));
      const form = wordCounts(pdfText(blankPdf));
      // Every word of the plan, as often as the plan has it, on top of what the form prints itself.
      const lost: string[] = [];
      for (const [w, n] of wordCounts(freeTexts(plan).join(' '))) {
        const have = (got.get(w) ?? 0) - (form.get(w) ?? 0);
        if (have < n) lost.push(`${w}: ${n - have}`);
      }
      expect(lost).toEqual([]);
      expect(pdfText(pdf)).not.toContain('KLADDE');
    }, 180_000);

    it('as a draft, carries "KLADDE – ikke godkendt" on every page and ticks Nej for approval', async () => {
      const { pdf, res } = await pdfOf({ ...plan, status: 'draft', approvedByCitizen: false });
      const pages = pdfText(pdf).split('\f').filter((p) => p.trim() !== '');
      expect(pages.length).toBeGreaterThan(30);
      const unmarked = pages.map((p, i) => (p.includes('KLADDE – ikke godkendt') ? -1 : i + 1)).filter((i) => i > 0);
      expect(unmarked).toEqual([]);
      expect(res.headers['content-disposition']).toBe('attachment; filename="indsatsplan-2014-05-01-kladde.pdf"');
      const yesNo = pdfText(pdf, true).split('\n').map((l) => /([☒☐])\s+(Ja|Nej)\s*$/.exec(l)).filter(Boolean).map((m) => `${m![1]} ${m![2]}`);
      expect(yesNo).toEqual(['☒ Ja', '☐ Nej', '☐ Ja', '☒ Nej']);
    }, 120_000);
  });

  it('answers a plan with errors with the 422 problem and no PDF', async () => {
    const res = await request(t.app).post('/api/plans/pdf').send({ ...fixture('bilag2.json'), consent: false, approvedByCitizen: null });
    expect(res.status).toBe(422);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const codes = (res.body.errors as Array<{ code: string; path: string }>).map((e) => e.path);
    expect(codes).toEqual(expect.arrayContaining(['/consent', '/approvedByCitizen']));
  });
});
