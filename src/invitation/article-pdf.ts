/**
 * The article for first-time participants (templates/invitation-article.docx, built from
 * seed 003) as PDF. It never changes while the service runs, so it is converted once per
 * converter and kept; a failed conversion is retried on the next request.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Converter } from '../conversion/converter.js';
import { TEMPLATES_DIR } from '../shared/paths.js';

export const ARTICLE_FILE_NAME = 'med-den-koordinerende-indsatsplan-loefter-alle-i-flok.pdf';

const cache = new WeakMap<Converter, Promise<Buffer>>();

export function articlePdf(converter: Converter, templatesDir: string = TEMPLATES_DIR): Promise<Buffer> {
  let pdf = cache.get(converter);
  if (!pdf) {
    pdf = Promise.resolve()
      .then(() => converter.docxToPdf(readFileSync(path.join(templatesDir, 'invitation-article.docx'))))
      .catch((err: unknown) => {
        cache.delete(converter);
        throw err;
      });
    cache.set(converter, pdf);
  }
  return pdf;
}
