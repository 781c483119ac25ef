/**
 * Everything that goes out with an invitation, produced once: the invitation PDF and the
 * calendar file always; on request the invitation as .docx, the pre-filled fillable plan and
 * the article for first-time participants. The invitation lists its own enclosures. The zip
 * bundle and the secure-mail distribution both take their files from here.
 */
import { zipSync, type Zippable } from 'fflate';
import type { Converter } from '../conversion/converter.js';
import type { TemplateRenderer } from '../templating/template-renderer.js';
import { MIME } from '../shared/mime.js';
import { buildPlanForm, FORM_FILE_NAME } from '../plan-form/build-plan-form.js';
import type { Invitation } from './schema.js';
import { articlePdf, ARTICLE_FILE_NAME } from './article-pdf.js';
import { buildIcs } from './build-ics.js';
import { planFromInvitation } from './invitation-plan.js';
import { invitationFileName, renderInvitationDocx, renderInvitationForPdf } from './render-invitation-docx.js';
import { ATTACHMENT } from './texts.js';

export interface DocumentInclude {
  planForm: boolean;
  article: boolean;
  docx: boolean;
}

export interface DocumentDeps {
  converter: Converter;
  renderer: TemplateRenderer;
  /** The time of the request: the calendar file's DTSTAMP. */
  now: Date;
}

export type InvitationDocumentKey = 'invitation-pdf' | 'invitation-ics' | 'invitation-docx' | 'plan-form' | 'article';

export interface InvitationDocument {
  key: InvitationDocumentKey;
  /** No CPR number and no name: dates and fixed words only. */
  fileName: string;
  contentType: string;
  content: Buffer;
}

/** The enclosures as the invitation lists them: the calendar file always, and what was asked for. */
export function enclosureNames(include: DocumentInclude): string[] {
  return [ATTACHMENT.calendar, ...(include.planForm ? [ATTACHMENT.planForm] : []), ...(include.article ? [ATTACHMENT.article] : [])];
}

export async function buildInvitationDocuments(inv: Invitation, include: DocumentInclude, deps: DocumentDeps): Promise<InvitationDocument[]> {
  const attachments = enclosureNames(include);
  const view = { attachments, planAttached: include.planForm };
  const [pdf, article, planForm] = await Promise.all([
    deps.converter.toPdf(renderInvitationForPdf(inv, deps.renderer, view)),
    include.article ? articlePdf(deps.converter) : undefined,
    include.planForm ? buildPlanForm(planFromInvitation(inv)) : undefined,
  ]);
  const docs: InvitationDocument[] = [
    { key: 'invitation-pdf', fileName: invitationFileName(inv, 'pdf'), contentType: MIME.pdf, content: pdf },
    { key: 'invitation-ics', fileName: invitationFileName(inv, 'ics'), contentType: MIME.ics, content: Buffer.from(buildIcs(inv, deps.now), 'utf8') },
  ];
  if (include.docx) docs.push({ key: 'invitation-docx', fileName: invitationFileName(inv, 'docx'), contentType: MIME.docx, content: renderInvitationDocx(inv, deps.renderer, view) });
  if (planForm) docs.push({ key: 'plan-form', fileName: FORM_FILE_NAME, contentType: MIME.docx, content: planForm });
  if (article) docs.push({ key: 'article', fileName: ARTICLE_FILE_NAME, contentType: MIME.pdf, content: article });
  return docs;
}

/** The documents as one zip; PDF and .docx are compressed already, so they are stored as they are. */
export function zipInvitationDocuments(docs: InvitationDocument[], now: Date): Buffer {
  const files: Zippable = {};
  for (const d of docs) files[d.fileName] = d.contentType === MIME.pdf || d.contentType === MIME.docx ? [d.content, { level: 0 }] : d.content;
  return Buffer.from(zipSync(files, { level: 6, mtime: now }));
}
