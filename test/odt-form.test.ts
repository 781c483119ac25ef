/**
 * A template's ODT form gives the PDF the .docx gives: the same pages, the same text where it
 * stands, the same look, and the same tagged structure, for every shape of plan and invitation
 * we make (real LibreOffice both ways). And what the form's fill adds to docxtemplater's
 * (white space, page styles on removed tag paragraphs) in detail.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConverter } from '../src/conversion/create-converter.js';
import type { Converter } from '../src/conversion/converter.js';
import { createLogger } from '../src/shared/logger.js';
import { PROJECT_ROOT } from '../src/shared/paths.js';
import { createDocxTemplateRenderer, type PdfTemplateName, type TemplateRenderer } from '../src/templating/template-renderer.js';
import { deriveOdtForms } from '../src/templating/derive-odt-forms.js';
import { validatePlan } from '../src/plan/validate-plan.js';
import { buildPlanView } from '../src/plan/plan-view.js';
import { comparePlans } from '../src/follow-up/compare-plans.js';
import { buildChangesPage } from '../src/follow-up/build-changes-page.js';
import { validateInvitation } from '../src/invitation/validate-invitation.js';
import { buildInvitationView } from '../src/invitation/invitation-view.js';
import { buildLongPlan, loadBilag2 } from '../bench/lib/plans.js';
import { testConfig } from './helpers/app.js';
import { pageImages, pdfInfo, pdfStructure, pdfText } from './helpers/pdf.js';

const fixture = (name: string) => JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'fixtures', name), 'utf8'));
const plan = (json: unknown) => {
  const v = validatePlan(json);
  if (!v.plan) throw new Error(`invalid test plan: ${JSON.stringify(v.errors).slice(0, 300)}`);
  return v.plan;
};
const invitation = (json: unknown) => validateInvitation(json, { now: new Date('2014-01-01T00:00:00Z') }).invitation!;

const bilag2 = loadBilag2() as Record<string, unknown> & { citizen: Record<string, string>; challenges: string[]; goals: unknown[] };
const previous = { ...structuredClone(bilag2), meetingDate: '2013-11-01', challenges: ['Tidligere udfordring', ...bilag2.challenges.slice(1)] };

const CASES: Array<[string, PdfTemplateName, () => Record<string, unknown>]> = [
  ['Bilag 2', 'indsatsplan', () => buildPlanView(plan(bilag2))],
  ['the smallest plan', 'indsatsplan', () => buildPlanView(plan(fixture('minimal.json')))],
  ['long texts across pages', 'indsatsplan', () => buildPlanView(plan(fixture('long-text.json')))],
  ['the 20-page plan', 'indsatsplan', () => buildPlanView(plan(buildLongPlan(bilag2)))],
  ['a draft (its mark on every page)', 'indsatsplan', () => buildPlanView(plan({ ...bilag2, status: 'draft' }))],
  ['no challenges and no goals', 'indsatsplan', () => buildPlanView(plan({ ...bilag2, challenges: [], goals: [] }))],
  [
    'spaces, tabs, line breaks and markup characters',
    'indsatsplan',
    () =>
      buildPlanView(
        plan({
          ...bilag2,
          citizen: { ...bilag2.citizen, name: '  Anne   Hansen ', address: 'Vej 1\n\n  2. sal\tth.\n' },
          challenges: ['<&> "citat" \'x\'\t tab\n  indrykket   tre  ', ...bilag2.challenges.slice(1)],
        }),
      ),
  ],
  ['with the page of changes since the previous plan', 'indsatsplan', () => buildPlanView(plan(bilag2), buildChangesPage(comparePlans(plan(previous), plan(bilag2))))],
  ['a first invitation', 'invitation', () => ({ ...buildInvitationView(invitation(fixture('invitation-first.json'))) })],
  ['a follow-up invitation with enclosures', 'invitation', () => ({ ...buildInvitationView(invitation(fixture('invitation-followup.json')), { attachments: ['Kalender', 'Bilag'], planAttached: true }) })],
];

describe('a template filled in its ODT form', () => {
  let converter: Converter;
  let renderer: TemplateRenderer;
  beforeAll(async () => {
    const logger = createLogger('silent');
    converter = createConverter(testConfig().conversion, logger);
    await converter.start();
    renderer = createDocxTemplateRenderer();
    await deriveOdtForms(renderer, converter, logger);
  }, 120_000);
  afterAll(() => converter?.close());

  it('is what PDFs are made from once LibreOffice has derived it', () => {
    expect(renderer.renderForPdf('indsatsplan', buildPlanView(plan(bilag2))).format).toBe('odt');
    expect(renderer.renderForPdf('invitation', CASES.at(-1)![2]()).format).toBe('odt');
  });

  it.each(CASES)('gives the same PDF as the .docx: %s', async (_name, template, view) => {
    const data = view();
    const fromOdt = renderer.renderForPdf(template, data);
    expect(fromOdt.format).toBe('odt');
    const [odtPdf, docxPdf] = [await converter.toPdf(fromOdt), await converter.docxToPdf(renderer.render(template, data, { purpose: 'conversion' }))];
    const [odt, docx] = [pdfInfo(odtPdf), pdfInfo(docxPdf)];
    expect(odt.pages).toBe(docx.pages);
    expect(odt.pages).toBeGreaterThan(0);
    expect({ title: odt.title, subject: odt.subject, tagged: odt.tagged, part: odt.pdfaPart, conformance: odt.pdfaConformance }).toEqual({
      title: docx.title,
      subject: docx.subject,
      tagged: true,
      part: '2',
      conformance: 'B',
    });
    // Each word where it stands on its page, and each page as printed.
    expect(pdfText(odtPdf, true)).toBe(pdfText(docxPdf, true));
    const [odtPages, docxPages] = [pageImages(odtPdf), pageImages(docxPdf)];
    expect(odtPages.length).toBe(docx.pages);
    odtPages.forEach((page, i) => expect(page.equals(docxPages[i]!), `page ${i + 1} looks different`).toBe(true));
    // The same structure for a screen reader: headings, tables, lists, in the same order.
    const kinds = (tree: string) => tree.split('\n').map((l) => /^\s*(\w+)/.exec(l)?.[1]);
    expect(kinds(pdfStructure(odtPdf).tree)).toEqual(kinds(pdfStructure(docxPdf).tree));
  }, 120_000);

  it('fills every case from its one compiled instance to the bytes a fresh instance gives, in any order', async () => {
    // A fresh renderer per case, with the same forms (LibreOffice derived them once per process).
    for (const [name, template, view] of [...CASES, ...[...CASES].reverse()]) {
      const fresh = createDocxTemplateRenderer();
      await deriveOdtForms(fresh, converter, createLogger('silent'));
      const data = view();
      expect(renderer.renderForPdf(template, data).bytes.equals(fresh.renderForPdf(template, data).bytes), name).toBe(true);
    }
  }, 60_000);
});
