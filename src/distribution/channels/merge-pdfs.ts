/**
 * Joins PDFs page by page into one document (the GP's cover letter followed by the plan),
 * so the print service handles one file per letter.
 */
import { PDFDocument } from 'pdf-lib';

export interface MergeOptions {
  /** Document title; never a CPR number or a diagnosis. */
  title: string;
}

export async function mergePdfs(pdfs: Buffer[], options: MergeOptions): Promise<Buffer> {
  const out = await PDFDocument.create();
  for (const pdf of pdfs) {
    const src = await PDFDocument.load(pdf);
    const pages = await out.copyPages(src, src.getPageIndices());
    for (const page of pages) out.addPage(page);
  }
  out.setTitle(options.title);
  out.setLanguage('da-DK');
  out.setProducer('indsatsplan');
  out.setCreator('indsatsplan');
  // Fixed dates would make two builds of the same letter byte-identical; the print
  // outbox is keyed by letter id anyway, so the real time is more useful.
  return Buffer.from(await out.save());
}
