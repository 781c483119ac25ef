/**
 * The GP's print-ready letter, made by the real LibreOffice: the address sits in the
 * window of a C5/C65 envelope (20 mm from the left, 45–90 mm from the top) with nothing
 * about the citizen in it, the cover text follows, and then the plan, page for page.
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
import { createDocxTemplateRenderer } from '../src/templating/template-renderer.js';
import { testConfig } from './helpers/app.js';
import { pdfInfo, pdfText, squash } from './helpers/pdf.js';

const PT_PER_MM = 72 / 25.4;
/** The window of the envelope, in mm, with a little room for the letter moving inside it. */
const WINDOW = { left: 20, top: 45, right: 110, bottom: 90 };
const gp = { name: 'Lægerne i Algade', clinic: 'v/ Karen Lund', address: 'Algade 12, 1. sal\n4000 Roskilde', phone: '46 35 00 00' };
const plan: Plan = PlanSchema.parse({
  ...JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'fixtures', 'minimal.json'), 'utf8')),
  generalPractitioner: gp,
});

let converter: Converter;
let planPdf: Buffer;
let letter: Buffer;
const tmp = mkdtempSync(path.join(os.tmpdir(), 'gp-letter-'));

beforeAll(async () => {
  converter = createConverter(testConfig().conversion, createLogger('silent'));
  await converter.start();
  const renderer = createDocxTemplateRenderer();
  planPdf = await converter.docxToPdf(renderPlanDocx(plan, renderer));
  letter = await buildGpLetterPdf({ gp, plan, organisation: 'Roskilde Kommune', converter, renderer, planPdf, date: new Date('2014-05-02T10:00:00Z') });
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

const pageTexts = (pdf: Buffer) => pdfText(pdf).split('\f').map(squash);

describe('the GP letter', () => {
  it('is the cover letter followed by the whole plan, page for page', () => {
    const planPages = pdfInfo(planPdf).pages;
    const info = pdfInfo(letter);
    expect(planPages).toBeGreaterThan(0);
    expect(info.pages).toBe(planPages + 1);
    expect(info.title).toBe(GP_LETTER_TITLE);
    expect(containsCprLike(info.raw)).toBe(false);

    const pages = pageTexts(letter);
    const cover = pages[0]!;
    const address = cover.indexOf('Lægerne i Algade v/ Karen Lund Algade 12, 1. sal 4000 Roskilde');
    const coverText = cover.indexOf('Hermed fremsendes koordinerende indsatsplan for din patient Mette Hansen, udarbejdet på koordinationsmødet den 1. maj 2014.');
    expect(address).toBeGreaterThanOrEqual(0);
    expect(coverText).toBeGreaterThan(address);
    expect(cover).toContain('Vedrørende: Mette Hansen, cpr.nr. 010180-4000');
    expect(cover).toContain('Dato: 2. maj 2014');
    expect(cover).toContain('Anne Koordinator');
    expect(pages.slice(1)).toEqual(pageTexts(planPdf));
    expect(pages[1]).toContain('Stamoplysninger');
    expect(pages.slice(1).join(' ')).toContain('Fastholdelse i psykiatrisk behandling');
  });

  it('puts the address, and only the address, in the envelope window', () => {
    const windowText = squash(textInArea(letter, WINDOW));
    expect(windowText).toBe('Roskilde Kommune Lægerne i Algade v/ Karen Lund Algade 12, 1. sal 4000 Roskilde');

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
    const pdf = await buildGpLetterPdf({ gp: longest, plan, organisation: 'Roskilde Kommune', converter, renderer: createDocxTemplateRenderer(), planPdf });
    expect(squash(textInArea(pdf, WINDOW))).toBe(
      'Roskilde Kommune Lægehuset ved Søen v/ Karen Lund og Ole Berg Att.: Sekretariatet Søvej 7 Bygning C, 2. sal 4000 Roskilde',
    );
    const last = wordsOnFirstPage(pdf).find((w) => w.text === '4000');
    expect(last!.y1).toBeLessThanOrEqual(WINDOW.bottom);
  });
});

describe('the cover letter view', () => {
  it('keeps the citizen out of the address field', () => {
    const view = buildGpCoverLetterView({ gp, plan, organisation: 'Roskilde Kommune', date: new Date('2014-05-02T23:30:00Z') });
    expect(view.address).toBe('Lægerne i Algade\nv/ Karen Lund\nAlgade 12, 1. sal\n4000 Roskilde');
    expect(view.returnAddress).toBe('Roskilde Kommune');
    expect(view.date).toBe('3. maj 2014');
  });

  it('refuses a GP without a postal address, or one too long for the window', () => {
    expect(() => buildGpCoverLetterView({ gp: { ...gp, address: ' \n ' }, plan, organisation: 'K' })).toThrow(AppError);
    const long = { ...gp, address: Array.from({ length: 7 }, (_, i) => `Linje ${i + 1}`).join('\n') };
    expect(() => buildGpCoverLetterView({ gp: long, plan, organisation: 'K' })).toThrow(/rude/);
  });
});
