/** Fills templates/invitation.docx with an invitation, and names the files it becomes. */
import type { OfficeDocument } from '../conversion/converter.js';
import type { RenderOptions, TemplateRenderer } from '../templating/template-renderer.js';
import type { Invitation } from './schema.js';
import { copenhagenIsoDate, parseOffsetDateTime } from '../shared/dates.js';
import { buildInvitationView, type ViewOptions } from './invitation-view.js';

export function renderInvitationDocx(inv: Invitation, renderer: TemplateRenderer, options: ViewOptions = {}, render?: RenderOptions): Buffer {
  return renderer.render('invitation', { ...buildInvitationView(inv, options) }, render);
}

/** The same, filled for its PDF (in the template's ODT form when it has one). */
export function renderInvitationForPdf(inv: Invitation, renderer: TemplateRenderer, options: ViewOptions = {}): OfficeDocument {
  return renderer.renderForPdf('invitation', { ...buildInvitationView(inv, options) });
}

/** A file name with no CPR number and no name: the meeting's Danish date only, e.g. invitation-2026-12-03.pdf. */
export function invitationFileName(inv: Invitation, ext: 'pdf' | 'docx' | 'ics' | 'zip'): string {
  const start = parseOffsetDateTime(inv.start.trim());
  return `invitation${start ? `-${copenhagenIsoDate(start)}` : ''}.${ext}`;
}
