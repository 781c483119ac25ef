/**
 * Gives each template that becomes a PDF its ODT form (odt-form.ts), made by LibreOffice from
 * the .docx once the converter runs: one conversion per template and process. Until then, and
 * for a template whose form cannot be made (LibreOffice fails on it, or the form does not hold
 * the same tags: an organisation's own template that LibreOffice reads differently), PDFs are
 * made from the .docx as before, so a PDF never waits for this.
 */
import { createHash } from 'node:crypto';
import type { Converter } from '../conversion/converter.js';
import type { Logger } from '../shared/logger.js';
import { PDF_TEMPLATES, type TemplateRenderer } from './template-renderer.js';

/** LibreOffice's .odt of each template, by the template's content: made once per process. */
const made = new Map<string, Promise<Buffer>>();

export async function deriveOdtForms(renderer: TemplateRenderer, converter: Pick<Converter, 'docxToOdt'>, logger: Logger): Promise<void> {
  for (const template of PDF_TEMPLATES) {
    try {
      const docx = renderer.templateDocx(template);
      const key = createHash('sha256').update(docx).digest('hex');
      let odt = made.get(key);
      if (!odt) {
        odt = converter.docxToOdt(docx);
        made.set(key, odt);
        odt.catch(() => made.delete(key));
      }
      renderer.useOdtForm(template, await odt);
      logger.info({ template }, 'PDFs of this template are made from its ODT form');
    } catch (err) {
      logger.warn({ template, err: { message: (err as Error).message } }, 'PDFs of this template are made from its .docx: its ODT form could not be made');
    }
  }
}
