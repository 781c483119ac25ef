/**
 * A draft of a plan that has errors: the plan as far as it could be read, marked as a draft
 * (status "draft": the template prints the draft mark, the file name says "kladde"), so the
 * referent can see what the service read while the errors are being corrected. Refused only
 * where no document may or can be made: the citizen has said no to consent (no plan without
 * it, not even a draft), the plan is too long to lay out, or nothing of its structure could
 * be read.
 */
import { AppError } from '../shared/errors.js';
import type { ProblemItem } from '../shared/problem.js';
import { ANSWER_CONSEQUENCE } from './rules.js';
import type { Plan } from './schema.js';
import type { PlanValidation } from './validate-plan.js';

export type Draft = { plan: Plan; refused?: undefined } | { plan?: undefined; refused: string };

export function draftOf(v: { asRead: Plan | undefined; errors: readonly ProblemItem[] }): Draft {
  const has = (code: string) => v.errors.some((p) => p.code === code);
  if (has('consent.refused')) return { refused: `Borgeren har sagt nej til samtykke. ${ANSWER_CONSEQUENCE.consent} Det gælder også en kladde.` };
  if (has('plan.too-long')) return { refused: 'Planen er for lang til at blive lavet som PDF, heller ikke som kladde.' };
  if (!v.asRead) return { refused: 'Planens opbygning kunne ikke læses, så der kan ikke laves en kladde.' };
  return { plan: { ...v.asRead, status: 'draft' } };
}

/** The draft, or the 422 problem with why there can be none (and every problem, as for a final plan). */
export function requireDraft(v: Pick<PlanValidation, 'asRead' | 'errors' | 'warnings'>, extensions: Record<string, unknown> = {}): Plan {
  const draft = draftOf(v);
  if (draft.refused !== undefined) {
    throw new AppError('plan-invalid', draft.refused, { extensions: { errors: v.errors, warnings: v.warnings, ...extensions } });
  }
  return draft.plan;
}
