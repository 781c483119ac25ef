/**
 * The print-ready letter to the citizen's GP: the cover letter (addressed for a window
 * envelope) made from templates/gp-cover-letter.docx by LibreOffice, followed by the
 * plan's PDF, as one PDF for the print outbox.
 */
import type { Converter } from '../../conversion/converter.js';
import type { TemplateRenderer } from '../../templating/template-renderer.js';
import { buildGpCoverLetterView, type GpCoverLetterInput } from './gp-cover-letter-view.js';
import { mergePdfs } from './merge-pdfs.js';

export interface GpLetterInput extends GpCoverLetterInput {
  converter: Converter;
  renderer: TemplateRenderer;
  planPdf: Buffer;
  signal?: AbortSignal;
}

export const GP_LETTER_TITLE = 'Brev til praktiserende læge med koordinerende indsatsplan';

export async function buildGpLetterPdf({ converter, renderer, planPdf, signal, ...input }: GpLetterInput): Promise<Buffer> {
  const docx = renderer.render('gp-cover-letter', buildGpCoverLetterView(input));
  const cover = await converter.docxToPdf(docx, { signal });
  return mergePdfs([cover, planPdf], { title: GP_LETTER_TITLE });
}
