/**
 * The GP's print-ready letter, made by the real LibreOffice: the address sits in the
 * window of a C5/C65 envelope (20 mm from the left, 45–90 mm from the top) with nothing
 * about the citizen in it, the cover text follows, then a blank back page and the plan,
 * page for page, all one tagged PDF/A-2b of whole sheets for duplex printing.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConverter } from '../src/conversion/create-converter.js';
import type { Converter } from '../src/conversion/converter.js';
import { buildGpLetterPdf, GP_LETTER_TITLE } from '../src/distribution/channels/build-gp-letter-pdf.js';
import { buildGpCoverLetterView } from '../src/distribution/channels/gp-cover-letter-view.js';
import { renderPlanDocx } from '../src/plan/render-plan-docx.js';
import { PlanSchema, type Plan } from '../src/plan/schema.js';
import { AppError } from '../src/shared/errors.js';
import { createLogger } from '../src/shared/logger.js';
import { PROJECT_ROOT } from '../src/shared/paths.js';
import { containsCprLike } from '../src/shared/redact.js';
import { createDocxTemplateRenderer, type TemplateRenderer } from '../src/templating/template-renderer.js';
import { testConfig } from './helpers/app.js';
import { pdfInfo, pdfStructure, pdfText, squash } from './helpers/pdf.js';

const PT_PER_MM = 72 / 25.4;
/** The window of the envelope, in mm, with a little room for the letter moving inside it. */
const WINDOW = { left: 20, top: 45, right: 110, bottom: 90 };
const gp = { name: 'Lægerne i Algade', clinic: 'v/ Karen Lund', address: 'Algade 12, 1. sal\n4000 Roskilde', phone: '46 35 00 00' };
const fixture = (name: string): Plan =>
  PlanSchema.parse({ ...JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'fixtures', name), 'utf8')), generalPractitioner: gp });
const plan = fixture('minimal.json');
/** As prepareDistribution names it: the coordinator's organisation. */
const organisation = plan.coordinator.organisation;

let converter: Converter;
let renderer: TemplateRenderer;
let planDocx: Buffer;
let planPdf: Buffer;
let letter: Buffer;
const tmp = mkdtempSync(path.join(os.tmpdir(), 'gp-letter-'));

/** The GP's letter with the plan, as a distribution makes them (the plan's PDF too unless given). */
async function letterFor(p: Plan, over: Partial<Parameters<typeof buildGpLetterPdf>[0]> = {}) {
  const planDocx = over.planDocx ?? renderPlanDocx(p, renderer);
  const pdf = over.planPdf ?? (await converter.docxToPdf(planDocx));
  const organisation = p.coordinator.organisation;
  return { planDocx, planPdf: pdf, letter: await buildGpLetterPdf({ gp, plan: p, organisation, converter, renderer, ...over, planDocx, planPdf: pdf }) };
}

beforeAll(async () => {
  converter = createConverter(testConfig().conversion, createLogger('silent'));
  await converter.start();
  renderer = createDocxTemplateRenderer();
  ({ planDocx, planPdf, letter } = await letterFor(plan, { date: new Date('2014-05-02T10:00:00Z') }));
});

afterAll(async () => {
  await converter?.close();
  rmSync(tmp, { recursive: true, force: true });
});

interface Word {
  text: string;
  /** Millimetres from the page's top left corner. */
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** The words of page 1 with their boxes, from `pdftotext -bbox`. */
function wordsOnFirstPage(pdf: Buffer): Word[] {
  const file = path.join(tmp, 'bbox.pdf');
  writeFileSync(file, pdf);
  const html = execFileSync('pdftotext', ['-f', '1', '-l', '1', '-bbox', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
  const re = /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g;
  return Array.from(html.matchAll(re), (m) => ({
    text: m[5]!.replace(/&amp;/g, '&'),
    x0: Number(m[1]) / PT_PER_MM,
    y0: Number(m[2]) / PT_PER_MM,
    x1: Number(m[3]) / PT_PER_MM,
    y1: Number(m[4]) / PT_PER_MM,
  }));
}

/** The text inside a rectangle of page 1 (mm), from `pdftotext -x -y -W -H` at 72 dpi (1 px = 1 pt). */
function textInArea(pdf: Buffer, a: { left: number; top: number; right: number; bottom: number }): string {
  const file = path.join(tmp, 'crop.pdf');
  writeFileSync(file, pdf);
  const px = (v: number) => String(Math.round(v * PT_PER_MM));
  return execFileSync(
    'pdftotext',
    ['-f', '1', '-l', '1', '-r', '72', '-x', px(a.left), '-y', px(a.top), '-W', px(a.right - a.left), '-H', px(a.bottom - a.top), '-layout', '-enc', 'UTF-8', file, '-'],
    { encoding: 'utf8' },
  );
}

const pageTexts = (pdf: Buffer) => pdfText(pdf).split('\f').slice(0, -1).map(squash);
const count = (text: string, word: string) => text.split(word).length - 1;

/** What makes the print file one archivable, accessible document of whole sheets. */
function expectOneTaggedPdfA(pdf: Buffer, planPdf: Buffer) {
  const info = pdfInfo(pdf);
  expect(info.tagged).toBe(true);
  expect([info.pdfaPart, info.pdfaConformance]).toEqual(['2', 'B']);
  expect(info.title).toBe(GP_LETTER_TITLE);
  expect(containsCprLike(info.raw)).toBe(false);
  expect(info.pages % 2).toBe(0);
  // One tree with one Document at its root: the letter's tags (its address table and its
  // paragraphs), then the plan's own tags, element for element as in the plan's PDF.
  const { tree, warnings } = pdfStructure(pdf);
  expect(warnings).toBe('');
  expect(tree.split('\n').filter((l) => /^\S/.test(l))).toEqual(['Document']);
  const planTree = pdfStructure(planPdf).tree.split('\n').slice(1).join('\n');
  expect(planTree).toContain('H1 (block)');
  const at = tree.indexOf(planTree);
  expect(at).toBeGreaterThan(0);
  const letterTags = tree.slice(0, at);
  expect(letterTags).toContain('  Table (block):');
  expect(letterTags.match(/^ {2}P \(block\):/gm)?.length).toBeGreaterThanOrEqual(6);
  const planPages = pageTexts(planPdf);
  const pages = pageTexts(pdf);
  // The plan page for page, "Side 1 af n" included, from the first page of the second sheet.
  expect(pages.slice(2, 2 + planPages.length)).toEqual(planPages);
  return { pages, planPages };
}

describe('the GP letter', () => {
  it('is one tagged PDF/A-2b: the cover letter, a blank back page, then the plan on a sheet of its own', () => {
    const { pages, planPages } = expectOneTaggedPdfA(letter, planPdf);
    // minimal.json has an odd number of pages: a blank one after it makes the file whole sheets.
    const n = planPages.length;
    expect(n % 2).toBe(1);
    expect(pages).toHaveLength(2 + n + 1);
    expect([pages[1], pages.at(-1)]).toEqual(['', '']);
    expect(pages[2]).toContain(`Side 1 af ${n}`);
    expect(pages.at(-2)).toContain(`Side ${n} af ${n}`);

    const cover = pages[0]!;
    const address = cover.indexOf('Lægerne i Algade v/ Karen Lund Algade 12, 1. sal 4000 Roskilde');
    const coverText = cover.indexOf('Hermed fremsendes koordinerende indsatsplan for din patient Mette Hansen, udarbejdet på koordinationsmødet den 1. maj 2014.');
    expect(address).toBeGreaterThanOrEqual(0);
    expect(coverText).toBeGreaterThan(address);
    expect(cover).toContain('Vedrørende: Mette Hansen, cpr.nr. 010180-4000');
    expect(cover).toContain('Dato: 2. maj 2014');
    expect(cover).toContain('Med venlig hilsen Anne Koordinator Socialrådgiver');
    expect(pages[2]).toContain('Stamoplysninger');
    expect(pages.slice(2).join(' ')).toContain('Fastholdelse i psykiatrisk behandling');
  });

  it('names the organisation once, in the letterhead; the coordinator beside the window and below the text', () => {
    const cover = pageTexts(letter)[0]!;
    expect(organisation).toBe('Roskilde Kommune, Misbrugscenter');
    expect(count(cover, 'Misbrugscenter')).toBe(1);
    expect(count(cover, 'Roskilde Kommune')).toBe(1);
    expect(cover.startsWith('Roskilde Kommune, Misbrugscenter ')).toBe(true);
    expect(count(cover, 'Anne Koordinator')).toBe(2);
    expect(count(cover, 'anne.koordinator@roskilde.dk')).toBe(1);
    expect(count(cover, 'Tlf. 46 31 00 00')).toBe(1);
  });

  it('puts the address, and only the address, in the envelope window', () => {
    const windowText = squash(textInArea(letter, WINDOW));
    expect(windowText).toBe('Lægerne i Algade v/ Karen Lund Algade 12, 1. sal 4000 Roskilde');

    const words = wordsOnFirstPage(letter);
    const addressWords = words.filter((w) => ['Lægerne', 'Karen', 'Algade', '4000'].includes(w.text));
    expect(addressWords.length).toBeGreaterThanOrEqual(4);
    for (const w of addressWords) {
      // DIN 5008: the address field starts 20 mm from the left, 45 mm from the top.
      expect(w.x0).toBeGreaterThanOrEqual(19.5);
      expect(w.x1).toBeLessThanOrEqual(20 + 85);
      expect(w.y0).toBeGreaterThanOrEqual(45);
      expect(w.y1).toBeLessThanOrEqual(90);
    }
    // The citizen's name and CPR number are in the letter, well below the window.
    const cpr = words.find((w) => w.text.includes('010180-4000'));
    const citizen = words.filter((w) => w.text === 'Hansen,' || w.text === 'Hansen');
    expect(cpr).toBeDefined();
    expect(cpr!.y0).toBeGreaterThan(WINDOW.bottom + 10);
    expect(citizen.length).toBeGreaterThan(0);
    for (const w of citizen) expect(w.y0).toBeGreaterThan(WINDOW.bottom + 10);
  });

  it('has room in the window for the longest address it accepts', async () => {
    const longest = { name: 'Lægehuset ved Søen', clinic: 'v/ Karen Lund og Ole Berg', address: 'Att.: Sekretariatet\nSøvej 7\nBygning C, 2. sal\n4000 Roskilde', phone: '' };
    const { letter: pdf } = await letterFor(plan, { gp: longest, planDocx, planPdf });
    expect(squash(textInArea(pdf, WINDOW))).toBe('Lægehuset ved Søen v/ Karen Lund og Ole Berg Att.: Sekretariatet Søvej 7 Bygning C, 2. sal 4000 Roskilde');
    const last = wordsOnFirstPage(pdf).find((w) => w.text === '4000');
    expect(last!.y1).toBeLessThanOrEqual(WINDOW.bottom);
  });

  it('leaves out the blank page after a letter that runs to two pages', async () => {
    // Names nobody has, long enough to push the signature onto a second page.
    const long = (word: string) => Array.from({ length: 120 }, () => word).join(' ');
    const wordy = PlanSchema.parse({ ...plan, coordinator: { ...plan.coordinator, title: long('Socialrådgiver') }, citizen: { ...plan.citizen, name: long('Mette') } });
    const { letter: pdf, planPdf: wordyPlan } = await letterFor(wordy);
    const { pages, planPages } = expectOneTaggedPdfA(pdf, wordyPlan);
    expect(pages[1]).toContain('Socialrådgiver'); // the letter's second page, not a blank one
    expect(pages).toHaveLength(2 + planPages.length + (planPages.length % 2));
  }, 180_000);
});

describe('the cover letter view', () => {
  it('keeps the citizen out of the address field', () => {
    const view = buildGpCoverLetterView({ gp, plan, organisation, date: new Date('2014-05-02T23:30:00Z') });
    expect(view.address).toBe('Lægerne i Algade\nv/ Karen Lund\nAlgade 12, 1. sal\n4000 Roskilde');
    expect(view.organisation).toBe('Roskilde Kommune, Misbrugscenter');
    expect(view.senderDetails).not.toContain('Roskilde Kommune');
    expect(view.date).toBe('3. maj 2014');
  });

  it('refuses a GP without a postal address, or one too long for the window', () => {
    expect(() => buildGpCoverLetterView({ gp: { ...gp, address: ' \n ' }, plan, organisation: 'K' })).toThrow(AppError);
    const long = { ...gp, address: Array.from({ length: 7 }, (_, i) => `Linje ${i + 1}`).join('\n') };
    expect(() => buildGpCoverLetterView({ gp: long, plan, organisation: 'K' })).toThrow(/rude/);
  });
});
