/**
 * The one door to LibreOffice. Everything that needs a PDF calls a Converter; which
 * implementation runs (a warm pool, or one soffice per call) is chosen at start-up.
 */

/** What LibreOffice is given: a .docx, or a template's ODT form filled (src/templating/odt-form.ts). */
export type DocumentFormat = 'docx' | 'odt';

export interface OfficeDocument {
  format: DocumentFormat;
  bytes: Buffer;
}

export interface ConvertOptions {
  /** Aborts a conversion that the client no longer waits for. */
  signal?: AbortSignal;
}

export interface Converter {
  /** For the log line at start-up and the metrics. */
  readonly kind: string;
  /** Prepares the converter (profiles, warm-up); resolves when it can convert. */
  start(): Promise<void>;
  /** True once start() has finished and the converter can take work. */
  isReady(): boolean;
  /** A .docx or .odt in, a PDF/A-2b, tagged PDF out. Fails with an AppError of a conversion-* code. */
  toPdf(document: OfficeDocument, options?: ConvertOptions): Promise<Buffer>;
  /** The same for a .docx. */
  docxToPdf(docx: Buffer, options?: ConvertOptions): Promise<Buffer>;
  /** LibreOffice's own .odt of a .docx (for a template's ODT form). */
  docxToOdt(docx: Buffer): Promise<Buffer>;
  /** Stops every process the converter started. */
  close(): Promise<void>;
}

/** What a person is told when a conversion fails, the same whichever converter runs. */
export const CONVERSION_DETAIL = {
  queueFull: 'Der er for mange dokumenter i kø. Prøv igen om lidt.',
  queueTimeout: 'Dokumentet ventede for længe på en ledig PDF-konvertering. Prøv igen om lidt.',
  timeout: 'Dokumentet tog for lang tid at konvertere til PDF. Prøv igen; er planen meget lang, kan den hentes som Word-fil i stedet.',
  failed: 'Dokumentet kunne ikke laves om til PDF. Prøv igen; sker det igen, så kontakt jeres it-support.',
  aborted: 'Forespørgslen blev afbrudt.',
  starting: 'PDF-konverteringen starter stadig. Prøv igen om lidt.',
  stopping: 'PDF-konverteringen er ved at lukke ned. Prøv igen om lidt.',
} as const;

/** The import filter for each format: named, so that LibreOffice never guesses another one. */
export const IMPORT_FILTER: Record<DocumentFormat, string> = { docx: 'MS Word 2007 XML', odt: 'writer8' };

/** LibreOffice's PDF export settings: PDF/A-2b (archiving) and tagged (accessibility). */
export const PDF_EXPORT_FILTER_DATA = {
  SelectPdfVersion: 2,
  UseTaggedPDF: true,
  ExportBookmarks: true,
  ExportNotes: false,
} as const;

/** The same settings in the JSON form `soffice --convert-to` takes (LibreOffice 7.4+). */
export function filterDataAsCliJson(): string {
  const typed: Record<string, { type: string; value: string }> = {};
  for (const [k, v] of Object.entries(PDF_EXPORT_FILTER_DATA)) {
    typed[k] = typeof v === 'boolean' ? { type: 'boolean', value: String(v) } : { type: 'long', value: String(v) };
  }
  return JSON.stringify(typed);
}
