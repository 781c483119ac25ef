/** Fills the official template (templates/indsatsplan.docx) with a plan. */
import type { OfficeDocument } from '../conversion/converter.js';
import type { RenderOptions, TemplateRenderer } from '../templating/template-renderer.js';
import { buildPlanView, type ChangesPageView } from './plan-view.js';
import type { Plan } from './schema.js';

/**
 * The filled .docx. A draft carries "KLADDE – ikke godkendt" in the header of every page;
 * the document title (the PDF's title) is the form's name and the meeting date only.
 * With `changesPage`, a last page lists what changed since the previous plan.
 */
export function renderPlanDocx(plan: Plan, renderer: TemplateRenderer, options: RenderOptions & { changesPage?: ChangesPageView } = {}): Buffer {
  const { changesPage, ...renderOptions } = options;
  return renderer.render('indsatsplan', buildPlanView(plan, changesPage), renderOptions);
}

/** The same, filled for its PDF (in the template's ODT form when it has one). */
export function renderPlanForPdf(plan: Plan, renderer: TemplateRenderer, options: { changesPage?: ChangesPageView } = {}): OfficeDocument {
  return renderer.renderForPdf('indsatsplan', buildPlanView(plan, options.changesPage));
}

/** A file name with no CPR number and no diagnosis: the meeting date only. */
export function planFileName(plan: Plan, ext: 'pdf' | 'docx'): string {
  const date = plan.meetingDate && /^\d{4}-\d{2}-\d{2}$/.test(plan.meetingDate) ? `-${plan.meetingDate}` : '';
  const draft = plan.status === 'draft' ? '-kladde' : '';
  return `indsatsplan${date}${draft}.${ext}`;
}
