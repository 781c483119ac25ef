/** Fills the official template (templates/indsatsplan.docx) with a plan. */
import type { TemplateRenderer } from '../templating/template-renderer.js';
import type { Plan } from './schema.js';

// Implemented by the template work; the signature is the contract.
export function renderPlanDocx(_plan: Plan, _renderer: TemplateRenderer): Buffer {
  throw new Error('renderPlanDocx: not implemented yet');
}

/** A file name with no CPR number and no diagnosis: the meeting date only. */
export function planFileName(plan: Plan, ext: 'pdf' | 'docx'): string {
  const date = plan.meetingDate && /^\d{4}-\d{2}-\d{2}$/.test(plan.meetingDate) ? `-${plan.meetingDate}` : '';
  const draft = plan.status === 'draft' ? '-kladde' : '';
  return `indsatsplan${date}${draft}.${ext}`;
}
