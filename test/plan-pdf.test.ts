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
import { colourOnPages, findTags, pdfInfo, pdfStructure, pdfTags, pdfText, squash } from './helpers/pdf.js';
import { PROJECT_ROOT } from '../src/shared/paths.js';
import { EXISTING_PLAN_KEYS, type PlanInput } from '../src/plan/schema.js';
import { EXISTING_PLAN_LABEL, LABEL, NOTE, SECTION } from '../src/plan/labels.js';
import { readOfficialText } from './helpers/bilag1.js';

const fixture = (name: string): PlanInput & Record<string, unknown> =>
  JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'fixtures', name), 'utf8'));

/**
 * Whitespace squashed, and a hyphen before a space dropped on both sides: pdftotext joins
 * a word hyphenated at a line end ("stof-⏎og" → "stofog"), which the plan's text cannot know.
 */
const flat = (s: string) => squash(s).replace(/-\s+/g, '');

const RUNNING_HEADER = 'Koordinerende indsatsplan · møde 1. maj 2014';
const DRAFT_MARK = 'KLADDE – ikke godkendt';
/** "KLADDE" across a draft's pages: the colour it is printed in (scripts/templates/indsatsplan.ts). */
const WATERMARK_COLOUR = 'F2B8B8';

interface Page {
  /** The lines above the text: the draft mark, the running header, "… (fortsat)". */
  header: string[];
  /** The text's lines, without the footer. */
  body: string[];
  footer: string;
}

/** Each page as printed (pdftotext puts the header's lines first and the footer last). */
function pagesOf(pdf: Buffer): Page[] {
  return pdfText(pdf)
    .split('\f')
    .filter((p) => p.trim() !== '')
    .map((p) => {
      const lines = p.split('\n').map((l) => l.trim()).filter(Boolean);
      const footer = lines.pop() ?? '';
      const header: string[] = [];
      while (lines.length > 0 && (lines[0] === DRAFT_MARK || lines[0] === RUNNING_HEADER || lines[0]!.endsWith(' (fortsat)'))) header.push(lines.shift()!);
      return { header, body: lines, footer };
    });
}

const SECTIONS = Object.values(SECTION);
/** The goal tables' column headings with their hints, as pdftotext gives them, line by line. */
const COLUMN_HEADINGS = /^Indsatser eller opgaver Succeskriterier Rollefordeling Tidsplan for indsatser Hvem har ansvaret for indsatsen, herunder borgerens ansvar\? \(Overvej om indsatser skal være parallelle eller sekventielle indsatser\) /;

/**
 * The text as printed without the pages' furniture, where a paragraph may run on: the header
 * and footer, and the heading rows a table repeats at the top of its later pages (a field's
 * heading, a goal's title and column headings, each seen before).
 */
function bodyText(pdf: Buffer): string {
  const seen = new Set<string>();
  return flat(
    pagesOf(pdf)
      .map((p) => {
        let text = p.body.join('\n');
        if (seen.has(p.body[0]!)) {
          text = p.body.slice(1).join('\n');
          if (/^Mål \d+: /.test(p.body[0]!)) text = flat(text).replace(COLUMN_HEADINGS, '');
        }
        for (const l of p.body) seen.add(l);
        return text;
      })
      .join('\n'),
  );
}

/**
 * For each page, the section it belongs to and whether it is the section's first page: the
 * section whose heading it starts with, or the one it continues.
 */
function sectionOfPages(pages: Page[]): Array<{ section: string; first: boolean }> {
  let section = '';
  return pages.map((p) => {
    const starts = SECTIONS.find((t) => p.body.slice(0, 2).includes(t));
    if (starts) section = starts;
    return { section, first: !!starts };
  });
}

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

    it('says in Server-Timing how long preparing, filling and LibreOffice took', () => {
      const m = /^prepare;dur=(\d+\.\d), fill;dur=(\d+\.\d), pdf;dur=(\d+\.\d)$/.exec(serverTiming);
      expect(m, serverTiming).not.toBeNull();
      const [prepare, fill, convert] = [Number(m![1]), Number(m![2]), Number(m![3])];
      // Reading and validating the plan takes measurable time; so does the fill.
      expect(prepare).toBeGreaterThan(0);
      expect(fill).toBeGreaterThan(0);
      // LibreOffice's share is most of the answer, and the parts together are less than the whole.
      expect(convert).toBeGreaterThan(fill + prepare);
      expect(prepare + fill + convert).toBeLessThan(elapsedMs);
    });

    it('is final: no draft mark, in words or across the page', () => {
      expect(pdfText(pdf)).not.toContain('KLADDE');
      expect(pdfInfo(pdf).subject).toBe('Koordinerende indsatsplan');
      for (const grid of colourOnPages(pdf, WATERMARK_COLOUR)) expect(grid.flat().reduce((a, b) => a + b)).toBeLessThan(5);
    });

    it('takes at most 8 pages, with every note box on the page of its section\'s last lines', () => {
      const pages = pagesOf(pdf);
      expect(pages.length).toBeLessThanOrEqual(8);
      expect(pdfInfo(pdf).pages).toBe(pages.length);
      for (const [i, note] of Object.values(NOTE).entries()) {
        const start = flat(note[0]!).slice(0, 40);
        const at = pages.findIndex((p) => flat(p.body.join(' ')).includes(start));
        expect(at, `note ${i + 1}`).toBeGreaterThanOrEqual(0);
        // Before the note on its page: the end of its section (at least a table row or a list item), not nothing.
        const before = flat(pages[at]!.body.join(' ')).split(start)[0]!;
        expect(before.length, `note ${i + 1} on page ${at + 1}: ${before}`).toBeGreaterThan(40);
      }
    });

    it('heads every page with the meeting date (never a name or CPR number), numbers it, and says "(fortsat)" on a section\'s later pages', () => {
      const pages = pagesOf(pdf);
      const sections = sectionOfPages(pages);
      expect(sections.filter((s) => s.first).map((s) => s.section)).toEqual(SECTIONS);
      pages.forEach((p, i) => {
        const { section, first } = sections[i]!;
        expect(p.header, `page ${i + 1}`).toEqual(first ? [RUNNING_HEADER] : [RUNNING_HEADER, `${section} (fortsat)`]);
        expect(p.footer).toBe(`Side ${i + 1} af ${pages.length}`);
      });
      // Section 2 runs over pages: each of its later pages starts with the heading row of what it continues.
      const continued = pages.filter((_, i) => !sections[i]!.first);
      expect(continued.length).toBeGreaterThan(0);
      const planNames: string[] = Object.values(EXISTING_PLAN_LABEL);
      for (const [i, p] of pages.entries()) {
        if (sections[i]!.first) continue;
        if (sections[i]!.section === SECTION.existingPlans) expect(planNames.some((n) => p.body[0]!.startsWith(n)), p.body[0]).toBe(true);
        if (sections[i]!.section === SECTION.goals) expect(p.body[0]).toMatch(/^Mål \d+: /);
      }
    });

    it('tags section 1\'s labels as row headers, the challenges as a numbered list, the goals\' titles and columns as headers', () => {
      const tags = pdfTags(pdf);
      // The watermark and the pages' furniture are artifacts: the tree is the document alone.
      expect(tags.children.map((c) => c.type)).toEqual(['Document']);
      const doc = tags.children[0]!;
      // Section 1: label (TH) and value (TD) in each of its ten rows. LibreOffice 7.4 gives every
      // header cell the scope of a column; it has no way to say "row".
      const master = findTags(doc, 'Table')[0]!;
      expect(findTags(master, 'TR').map((tr) => tr.children.map((c) => c.type))).toEqual(Array.from({ length: 10 }, () => ['TH', 'TD']));
      // Its labels, in that order, as printed.
      const page1 = pagesOf(pdf)[0]!.body.join(' ');
      const labels = [LABEL.name, LABEL.cpr, LABEL.address, LABEL.phone, LABEL.grounds, LABEL.consent, LABEL.coordinator, LABEL.participants, LABEL.meetingDate, LABEL.approvedByCitizen];
      expect(labels.map((l) => page1.indexOf(l))).toEqual([...labels.map((l) => page1.indexOf(l))].sort((a, b) => a - b));
      // Section 3: one list of the three challenges, numbered as printed.
      const lists = findTags(doc, 'L');
      expect(lists.map((l) => l.children.map((li) => li.type))).toEqual([['LI', 'LI', 'LI']]);
      for (const [i, c] of (plan.challenges ?? []).entries()) expect(bodyText(pdf)).toContain(`${i + 1}. ${flat(c)}`);
      // Section 4: each goal's table heads with its title (a heading) and its columns, all header cells.
      const goalTables = findTags(doc, 'Table').filter((t) => findTags(t, 'H2').length > 0);
      expect(goalTables).toHaveLength(plan.goals!.length);
      for (const t of goalTables) expect(findTags(t, 'TR').slice(0, 2).map((tr) => tr.children.map((c) => c.type))).toEqual([['TH'], ['TH', 'TH', 'TH', 'TH']]);
    });
  });

  describe('Bilag 2 as a draft', () => {
    let pdf: Buffer;
    beforeAll(async () => {
      pdf = (await pdfOf({ ...fixture('bilag2.json'), status: 'draft' })).pdf;
    });

    it('says it is a draft first, in words a screen reader reads, and in its title and subject', () => {
      // The first thing on the first page, under the page's header, and the first element of the tag tree.
      expect(pagesOf(pdf)[0]!.body[0]).toBe(`${DRAFT_MARK}. Planen er en kladde og ikke den endelige plan.`);
      const doc = pdfTags(pdf).children;
      // The mark across the page adds nothing to the tree: one root element, no warning from poppler.
      expect(doc.map((c) => c.type)).toEqual(['Document']);
      expect(pdfStructure(pdf).warnings).toBe('');
      expect(doc[0]!.children.slice(0, 3).map((c) => c.type)).toEqual(['P', 'P', 'H1']);
      const info = pdfInfo(pdf);
      expect(info.title).toBe(`Koordinerende indsatsplan 1. maj 2014 (${DRAFT_MARK})`);
      expect(info.subject).toBe(`${DRAFT_MARK}: Koordinerende indsatsplan`);
      expect(info.pdfaPart).toBe('2');
      expect(info.pages).toBeLessThanOrEqual(8);
    });

    it('carries the mark on every page: in the header, and "KLADDE" large from corner to corner', () => {
      const pages = pagesOf(pdf);
      for (const [i, p] of pages.entries()) expect(p.header.slice(0, 2), `page ${i + 1}`).toEqual([DRAFT_MARK, RUNNING_HEADER]);
      const grids = colourOnPages(pdf, WATERMARK_COLOUR);
      expect(grids).toHaveLength(pages.length);
      // Printed across the page from the lower left to the upper right: most of it in those quarters.
      for (const [i, grid] of grids.entries()) {
        const [[topLeft, topRight], [bottomLeft, bottomRight]] = grid as [[number, number], [number, number]];
        expect(Math.min(bottomLeft, topRight), `page ${i + 1}`).toBeGreaterThan(50);
        expect(bottomLeft + topRight, `page ${i + 1}`).toBeGreaterThan(3 * (topLeft + bottomRight));
      }
    });
  });

  describe('a plan with long text (several paragraphs) in every free-text field', () => {
    const plan = fixture('long-text.json');
    let pdf: Buffer;
    beforeAll(async () => {
      pdf = (await pdfOf(plan)).pdf;
    }, 180_000);

    it('flows across pages and loses no word; a final plan has no draft mark', async () => {
      const words = freeTexts(plan).join(' ').split(/\s+/).length;
      expect(words).toBeGreaterThan(10_000);
      const { pdf: blankPdf } = await pdfOf(withoutFreeText(plan));
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

    it('tells on every later page which section, plan and field, or goal, the text continues', () => {
      const pages = pagesOf(pdf);
      const sections = sectionOfPages(pages);
      const fieldHeadings = Object.values(EXISTING_PLAN_LABEL).flatMap((n) => [LABEL.status, LABEL.existingGoal, LABEL.existingIntervention].map((f) => `${n} – ${f}`));
      const goalHeading = /^Mål (\d+): /;
      let lastField = '';
      let lastGoal = 0;
      const continuing = { field: 0, goal: 0 };
      for (const [i, p] of pages.entries()) {
        const { section, first } = sections[i]!;
        expect(p.header, `page ${i + 1}`).toEqual(first ? [RUNNING_HEADER] : [RUNNING_HEADER, `${section} (fortsat)`]);
        if (!first && section === SECTION.existingPlans) {
          // The heading row of the field whose text goes on, or of the next field, which starts at the top.
          expect(fieldHeadings, `page ${i + 1}: ${p.body[0]}`).toContain(p.body[0]);
          if (p.body[0] === lastField) continuing.field++;
        }
        if (!first && section === SECTION.goals) {
          const goal = Number(goalHeading.exec(p.body[0]!)?.[1]);
          expect([lastGoal, lastGoal + 1], `page ${i + 1}: ${p.body[0]}`).toContain(goal);
          if (goal === lastGoal) continuing.goal++;
        }
        lastField = p.body.filter((l) => fieldHeadings.includes(l)).pop() ?? lastField;
        lastGoal = Math.max(lastGoal, ...p.body.map((l) => Number(goalHeading.exec(l)?.[1] ?? 0)));
      }
      // The plan's long fields and goals do run over pages, many times.
      expect(continuing.field).toBeGreaterThan(5);
      expect(continuing.goal).toBeGreaterThan(5);
    });

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
