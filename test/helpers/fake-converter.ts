/** A converter without LibreOffice, for tests that do not look inside the PDF. */
import type { Converter } from '../../src/conversion/converter.js';

/**
 * Every PDF is `pdf()`; deriving an ODT form fails, so templates keep their .docx (as when
 * LibreOffice cannot make one). `overrides` replace any part.
 */
export function fakeConverter(pdf: () => Promise<Buffer>, overrides: Partial<Converter> = {}): Converter {
  return {
    kind: 'fake',
    start: async () => undefined,
    isReady: () => true,
    toPdf: () => pdf(),
    docxToPdf: () => pdf(),
    docxToOdt: async () => {
      throw new Error('no LibreOffice in this test');
    },
    close: async () => undefined,
    ...overrides,
  };
}
