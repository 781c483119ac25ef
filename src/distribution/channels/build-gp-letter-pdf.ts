/**
 * The print-ready letter to the citizen's GP: the cover letter (addressed for a window
 * envelope) made from templates/gp-cover-letter.docx, then a blank back page and the plan,
 * joined as one Word document and converted by LibreOffice in one run, so the print file is
 * tagged PDF/A-2b as a whole and ready for duplex printing (join-letter-and-plan.ts).
 */
import type { Converter } from '../../conversion/converter.js';
import type { TemplateRenderer } from '../../templating/template-renderer.js';
import { buildGpCoverLetterView, type GpCoverLetterInput } from './gp-cover-letter-view.js';
import { joinLetterAndPlan } from './join-letter-and-plan.js';
import { pdfPageCount } from './pdf-page-count.js';

export interface GpLetterInput extends GpCoverLetterInput {
  converter: Converter;
  renderer: TemplateRenderer;
  /** The plan as rendered for its PDF, and that PDF: the letter holds the same pages. */
  planDocx: Buffer;
  planPdf: Buffer;
  signal?: AbortSignal;
}

export const GP_LETTER_TITLE = 'Brev til praktiserende læge med koordinerende indsatsplan';

export async function buildGpLetterPdf({ converter, renderer, planDocx, planPdf, signal, ...input }: GpLetterInput): Promise<Buffer> {
  const letter = renderer.render('gp-cover-letter', buildGpCoverLetterView(input), { purpose: 'conversion' });
  const options = { planPages: await pdfPageCount(planPdf), title: GP_LETTER_TITLE };
  const pdf = await converter.docxToPdf(joinLetterAndPlan(letter, planDocx, options), { signal });
  // The plan's part is whole sheets; an odd total means the letter ran to an even number of
  // pages (very long names), and then the plan must follow it without a blank page.
  if ((await pdfPageCount(pdf)) % 2 === 0) return pdf;
  return converter.docxToPdf(joinLetterAndPlan(letter, planDocx, { ...options, blankAfterLetter: false }), { signal });
}
