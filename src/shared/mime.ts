/** The content types of the documents the service makes, for answers, attachments and bundles alike. */
export const MIME = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  zip: 'application/zip',
  ics: 'text/calendar; charset=utf-8; method=REQUEST',
} as const;
