/** The number of pages of a PDF the service made itself. */
import { PDFDocument } from 'pdf-lib';

export async function pdfPageCount(pdf: Buffer): Promise<number> {
  // Only the page tree is needed; the metadata must not be touched.
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  return doc.getPageCount();
}
