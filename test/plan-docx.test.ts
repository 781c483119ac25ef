/**
 * POST /api/plans/docx and the committed template: the filled .docx opens as a Word
 * package, holds the plan's text with every tag filled, and the template stays editable
 * (named styles, no fixed row heights) and in step with its generator.
 */
import fs from 'node:fs';
import path from 'node:path';
import PizZip from 'pizzip';
import { DOMParser } from '@xmldom/xmldom';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from './helpers/app.js';
import { binaryParser } from './helpers/binary.js';
import { PROJECT_ROOT, TEMPLATES_DIR } from '../src/shared/paths.js';
import { build as buildIndsatsplanTemplate } from '../scripts/templates/indsatsplan.js';
import { PlanSchema, type PlanInput } from '../src/plan/schema.js';
import { SECTION } from '../src/plan/labels.js';
import { renderPlanDocx } from '../src/plan/render-plan-docx.js';
import { createDocxTemplateRenderer } from '../src/templating/template-renderer.js';

const fixture = (name: string): PlanInput => JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'fixtures', name), 'utf8'));

/** The visible text of a part: the w:t runs, paragraphs on their own lines. */
function partText(xml: string): string {
  return xml
    .replace(/<\/w:p>/g, '\n')
    .replace(/<w:br\/>/g, '\n')
    .replace(/<w:tab\/>/g, '\t')
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
}

describe('POST /api/plans/docx', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const docxOf = async (plan: unknown) => {
    const res = await request(t.app).post('/api/plans/docx').send(plan as object).buffer(true).parse(binaryParser);
    expect(res.status, String(res.body)).toBe(200);
    return { zip: new PizZip(res.body as Buffer), res };
  };

  it('returns the filled official template as a Word file named without CPR', async () => {
    const { zip, res } = await docxOf(fixture('bilag2.json'));
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(res.headers['content-disposition']).toBe('attachment; filename="indsatsplan-2014-05-01.docx"');
    const doc = partText(zip.file('word/document.xml')!.asText());
    for (const s of ['Koordinerende indsatsplan', 'Jens Peter Nielsen', '010180-4000', '☒\tBorgeren er patient i den ambulante psykiatri', '☐\tBorgeren er i stof- og/eller alkoholbehandling',
      'Mål 1: Fastholdelse i psykiatrisk behandling', 'Mål 3: Kontakt til Jobcenter', 'Opfølgende møde afholdes den 1. oktober 2014', '1. maj 2014'])
      expect(doc).toContain(s);
    // The challenges are the items of a numbered list (Word numbers them 1., 2., 3.), in their order.
    const xml = zip.file('word/document.xml')!.asText();
    const listItems = [...xml.matchAll(/<w:p><w:pPr><w:pStyle w:val="ListNumber"\/>(?:<w:keepNext\/>)?<w:numPr><w:ilvl w:val="0"\/><w:numId w:val="1"\/><\/w:numPr>.*?<\/w:p>/g)].map((m) => partText(m[0]).trim());
    expect(listItems).toEqual(fixture('bilag2.json').challenges);
    expect(zip.file('word/numbering.xml')!.asText()).toContain('<w:lvlText w:val="%1."/>');
    // Line breaks of the free text survive as line breaks.
    expect(doc).toContain('Psykiatrisk status:\n40-årig mand');
    // Every part is well-formed XML and every tag was filled: no docxtemplater syntax is left.
    const parts = Object.keys(zip.files).filter((n) => /\.(xml|rels)$/.test(n));
    expect(parts).toEqual(expect.arrayContaining(['[Content_Types].xml', 'word/document.xml', 'word/styles.xml', 'word/header1.xml', 'word/footer1.xml', 'docProps/core.xml']));
    for (const name of parts) {
      const xml = zip.file(name)!.asText();
      expect(() => new DOMParser({ onError: (level, msg) => { if (level !== 'warning') throw new Error(`${name}: ${msg}`); } }).parseFromString(xml, 'text/xml')).not.toThrow();
      expect(partText(xml), name).not.toMatch(/[{}]/);
    }
    expect(zip.file('docProps/core.xml')!.asText()).toContain('<dc:title>Koordinerende indsatsplan 1. maj 2014</dc:title>');
    const headers = headerParts(zip);
    expect(headers.length).toBeGreaterThan(1);
    for (const h of headers) {
      expect(partText(h)).not.toContain('KLADDE');
      expect(h).not.toContain('<w:drawing>');
      // The meeting date, never the citizen's name or CPR number.
      expect(partText(h)).toContain('Koordinerende indsatsplan · møde 1. maj 2014');
      expect(partText(h)).not.toMatch(/010180|Nielsen/);
    }
  });

  it('marks a draft on every page and at the top of the first, and renders one without approval or sections 3–4', async () => {
    const draft = { ...fixture('bilag2.json'), status: 'draft', approvedByCitizen: null, challenges: [], goals: [] };
    const { zip, res } = await docxOf(draft);
    expect(res.headers['content-disposition']).toBe('attachment; filename="indsatsplan-2014-05-01-kladde.docx"');
    // Every page's header: the words, and "KLADDE" written large across the page (a picture behind the text).
    for (const h of headerParts(zip)) {
      expect(partText(h)).toContain('KLADDE – ikke godkendt');
      expect(h).toMatch(/<wp:anchor [^>]*behindDoc="1"[^>]*>.*<a:blip r:embed="rIdKladde"\/>/);
    }
    const rels = Object.keys(zip.files).filter((n) => /^word\/_rels\/header\d+\.xml\.rels$/.test(n));
    expect(rels).toHaveLength(headerParts(zip).length);
    for (const r of rels) expect(zip.file(r)!.asText()).toContain('Id="rIdKladde" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/kladde.emf"');
    expect(zip.file('word/media/kladde.emf')!.asUint8Array().length).toBeGreaterThan(200);
    const doc = partText(zip.file('word/document.xml')!.asText());
    expect(doc.trimStart()).toMatch(/^KLADDE – ikke godkendt\. Planen er en kladde og ikke den endelige plan\.\nKoordinerende indsatsplan\n/);
    const core = zip.file('docProps/core.xml')!.asText();
    expect(core).toContain('<dc:title>Koordinerende indsatsplan 1. maj 2014 (KLADDE – ikke godkendt)</dc:title>');
    expect(core).toContain('<dc:subject>KLADDE – ikke godkendt: Koordinerende indsatsplan</dc:subject>');
    expect(doc).not.toContain('Mål 1: Fastholdelse');
  });

  it('answers a plan with errors with the 422 problem', async () => {
    const res = await request(t.app).post('/api/plans/docx').send({ ...fixture('bilag2.json'), grounds: {} });
    expect(res.status).toBe(422);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain('/grounds');
  });
});

/** The header parts of a filled plan: one for each section's first page and later pages. */
function headerParts(zip: PizZip): string[] {
  return Object.keys(zip.files)
    .filter((n) => /^word\/header\d+\.xml$/.test(n))
    .map((n) => zip.file(n)!.asText());
}

describe('renderPlanDocx', () => {
  // The rules never let a plan without coordinator, participants or follow-up date through
  // to a document; the template still shows the blank form's hints for them (e.g. a form pre-fill).
  it('prints the form\u2019s hints where the plan has no coordinator, participants or follow-up date', () => {
    const plan = PlanSchema.parse({ ...fixture('bilag2.json'), coordinator: undefined, participants: [], followUpDate: null });
    const doc = partText(new PizZip(renderPlanDocx(plan, createDocxTemplateRenderer())).file('word/document.xml')!.asText());
    expect(doc).toContain('[Koordinators navn, stilling, organisation og kontaktoplysninger angives her]');
    expect(doc).toContain('[De inddragede parters navn, stilling, organisation og kontaktoplysninger angives her]');
    expect(doc).toContain('Opfølgende møde afholdes den ___________ 20___');
    expect(doc).not.toContain('Anne Andersen');
  });
});

describe('templates/indsatsplan.docx', () => {
  const committed = fs.readFileSync(path.join(TEMPLATES_DIR, 'indsatsplan.docx'));
  const zip = new PizZip(committed);
  const document = zip.file('word/document.xml')!.asText();

  it('is what scripts/build-templates.ts generates (regenerate after changing the template code)', () => {
    expect(committed.equals(buildIndsatsplanTemplate())).toBe(true);
  });

  it('has named styles a municipality can restyle in Word', () => {
    const styles = zip.file('word/styles.xml')!.asText();
    for (const id of ['Normal', 'Title', 'Heading1', 'Heading2', 'Hint', 'Label', 'NoteText']) expect(styles).toContain(`w:styleId="${id}"`);
    expect(document).toContain('<w:pStyle w:val="Heading1"/>');
    expect(styles).toContain('<w:lang w:val="da-DK"');
  });

  it('has no template tag in an attribute, where docxtemplater would leave it unfilled', () => {
    expect(document.match(/="[^"]*[{}][^"]*"/g) ?? []).toEqual([]);
  });

  it('is A4 and lets long text flow: no fixed row heights, only short rows kept whole', () => {
    expect(document).toMatch(/<w:pgSz w:w="11906" w:h="16838"\/>/);
    expect(document).not.toContain('w:trHeight');
    // cantSplit only on heading rows (repeated on each page), the note boxes, section 2's short
    // fields (two lines at most) and the changes page's (one-line) change rows.
    const kept = [...document.matchAll(/<w:tr><w:trPr><w:cantSplit\/>(<w:tblHeader\/>)?<\/w:trPr>(.*?)<\/w:tr>/g)];
    const what = kept.map(([, header, cells]) =>
      header ? 'heading' : cells!.includes('NoteMark') ? 'note' : cells!.includes('{message}') ? 'change' : cells!.includes('{label}') ? 'short field' : partText(cells!),
    );
    expect(what.filter((w) => w !== 'heading')).toEqual(['note', 'short field', 'note', 'note', 'note', 'change']);
    expect(document.match(/<w:cantSplit\/>/g)?.length).toBe(kept.length);
  });

  it('starts each section on a new page, with "(fortsat)" and the section in the header of its later pages', () => {
    const refs = [...document.matchAll(/<w:sectPr>(.*?)<\/w:sectPr>/g)].map((m) => m[1]!);
    expect(refs).toHaveLength(6);
    const rels = zip.file('word/_rels/document.xml.rels')!.asText();
    const part = (ref: string, type: string) => {
      const id = new RegExp(`<w:headerReference w:type="${type}" r:id="([^"]+)"`).exec(ref)![1];
      return partText(zip.file(`word/${new RegExp(`Id="${id}"[^>]*Target="([^"]+)"`).exec(rels)![1]}`)!.asText());
    };
    const later = refs.map((r) => part(r, 'default').trim().split('\n').pop());
    expect(later).toEqual([...Object.values(SECTION).map((t) => `${t} (fortsat)`), `{#changesPage}{heading}{/changesPage}{^changesPage}${SECTION.followUp}{/changesPage} (fortsat)`]);
    for (const r of refs) {
      expect(r).toContain('<w:titlePg/>');
      expect(part(r, 'first')).not.toContain('fortsat');
    }
    // Sections 2–5 (and the changes page) start on a new page; no page break of their own besides.
    expect(refs.filter((r) => r.includes('<w:type w:val="nextPage"/>'))).toHaveLength(5);
    expect(document).not.toContain('<w:pageBreakBefore/>');
  });
});
