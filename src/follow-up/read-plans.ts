/**
 * The plans of a follow-up request, from JSON or from uploaded Word files (read exactly as
 * POST /api/plans/upload reads them, with the same limits). A plan that is compared or
 * continued need not be complete or approved: only its structure must be sound. Every
 * problem is reported at once, with a pointer into the request.
 */
import { AppError, errorTable, isAppError } from '../shared/errors.js';
import type { ProblemItem } from '../shared/problem.js';
import { requireRenderable, validatePlan } from '../plan/validate-plan.js';
import type { ChangesPageView } from '../plan/plan-view.js';
import type { Plan } from '../plan/schema.js';
import type { DocxLimits } from '../upload/open-docx.js';
import { readUpload } from '../upload/read-upload.js';
import { buildChangesPage } from './build-changes-page.js';
import { comparePlans } from './compare-plans.js';

export type PlanRead = { plan: Plan; errors: [] } | { plan: undefined; errors: ProblemItem[] };

/** Structural problems (schema.*) block; the form's rules do not, for a plan that is only compared or continued. */
const structural = (p: ProblemItem) => p.code.startsWith('schema.') || p.code === 'problems.truncated';
const under = (at: string) => (p: ProblemItem): ProblemItem => ({ ...p, path: `${at}${p.path}` });

/** A plan as JSON; problems point into the request below `at` (e.g. "/previous"). */
export function parsePlan(input: unknown, at = ''): PlanRead {
  const v = validatePlan(input);
  if (v.plan) return { plan: v.plan, errors: [] };
  return { plan: undefined, errors: v.errors.filter(structural).map(under(at)) };
}

/** An uploaded .docx; a file that cannot be read says which field it came in. */
export function readPlanFile(file: Buffer, limits: DocxLimits, field: string): PlanRead {
  let reading;
  try {
    reading = readUpload(file, limits);
  } catch (err) {
    if (!isAppError(err)) throw err;
    throw new AppError(err.code, `Filen i feltet "${field}": ${err.detail ?? errorTable[err.code].title}`, { extensions: { ...err.extensions, field }, cause: err });
  }
  if (reading.parsed) return { plan: reading.plan as Plan, errors: [] };
  return { plan: undefined, errors: reading.errors.filter(structural).map(under(`/${field}`)) };
}

/** Throws the 422 problem with every structural problem of the plans read, or gives the plans. */
export function requirePlans<K extends string>(reads: Record<K, PlanRead>, detail: string): Record<K, Plan> {
  const errors = Object.values<PlanRead>(reads).flatMap((r) => r.errors);
  if (errors.length > 0) throw new AppError('plan-invalid', detail, { extensions: { errors, warnings: [] } });
  return Object.fromEntries(Object.entries<PlanRead>(reads).map(([k, r]) => [k, r.plan])) as Record<K, Plan>;
}

/**
 * The body of POST /api/plans/pdf and /docx: the plan itself (the contract), and optionally
 * `previous` beside it. Without `previous` (or with null) this is exactly the plan route's
 * own validation; with it, the plan must be renderable and the previous plan sound.
 */
export function readRenderRequest(body: unknown): { plan: Plan; changesPage?: ChangesPageView } {
  if (body === null || typeof body !== 'object' || Array.isArray(body) || !('previous' in body)) {
    return { plan: requireRenderable(validatePlan(body)) };
  }
  // `previous` is no member of the plan: validated apart, so it is not reported as an unknown field.
  const { previous, ...rest } = body as Record<string, unknown>;
  if (previous === null || previous === undefined) return { plan: requireRenderable(validatePlan(rest)) };
  const v = validatePlan(rest);
  const before = parsePlan(previous, '/previous');
  // Throws unless both are sound, so the previous plan is there below.
  const plan = requireRenderable({ ...v, errors: [...v.errors, ...before.errors] });
  return { plan, changesPage: buildChangesPage(comparePlans(before.plan!, plan)) };
}
