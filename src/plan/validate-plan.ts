/**
 * Validates a plan: first its structure (the zod schema), then every rule of the
 * official form (rules.ts). Every problem is reported at once: when parts of the
 * structure are wrong, those parts are set aside (their defaults apply) so the rules
 * can still report on everything else.
 */
import type { z } from 'zod';
import { AppError } from '../shared/errors.js';
import { isWithin, schemaMessage, toPointer, type Findings, type ProblemItem } from '../shared/problem.js';
import { documentSizeProblems } from '../shared/text-limits.js';
import { removeForbiddenCharacters, unprintableCharacterWarnings } from '../shared/document-text.js';
import { unknownFieldWarnings } from '../shared/unknown-fields.js';
import { labelAt } from './field-label.js';
import { inFormOrder } from './form-order.js';
import { FORM_TITLE } from './labels.js';
import { applyRules } from './rules.js';
import { PlanSchema, type Plan } from './schema.js';

export interface PlanValidation {
  /** The parsed plan with defaults filled in; undefined when its structure has problems. */
  plan: Plan | undefined;
  /**
   * The plan as far as its structure could be read: `plan`, or, when parts of it were
   * rejected (and reported), the rest with their defaults; undefined when nothing could be.
   * What a draft of a plan with errors shows (draft-plan.ts).
   */
  asRead: Plan | undefined;
  errors: ProblemItem[];
  warnings: ProblemItem[];
}

/**
 * More problems than this in one list help nobody, and would let a small hostile body
 * produce a huge answer; the rest are summarised in one `problems.truncated` item.
 */
export const MAX_PROBLEMS = 200;

/**
 * What a structurally valid plan still needs: its text cleaned of what a document cannot hold
 * (and checked for what the PDF cannot show), the bound on its size as a whole (each field's
 * own is the schema's), and the rules.
 */
function check(parsed: Plan, options: { today?: Date }): Findings & { plan: Plan } {
  const { document: plan, warnings: removed } = removeForbiddenCharacters(parsed, labelAt);
  const { errors, warnings } = applyRules(plan, options);
  return {
    plan,
    errors: [...documentSizeProblems(plan, { code: 'plan.too-long', subject: 'Planen', labelAt }), ...errors],
    warnings: [...warnings, ...removed, ...unprintableCharacterWarnings(plan, labelAt)],
  };
}

export function validatePlan(input: unknown, options: { today?: Date } = {}): PlanValidation {
  const parsed = PlanSchema.safeParse(input);
  // The schema drops what it does not know; a typo should not pass without a word.
  const unknown = unknownFieldWarnings(PlanSchema, input, labelAt);
  if (parsed.success) {
    const { plan, errors, warnings } = check(parsed.data, options);
    return { plan, asRead: plan, ...capped({ errors, warnings: [...warnings, ...unknown] }) };
  }

  const issues = parsed.error.issues;
  if (issues.length > MAX_PROBLEMS) {
    // So many structural problems mean the input is not really a plan: the rules would add only noise.
    const shown = issues.slice(0, MAX_PROBLEMS).map((issue) => schemaProblem(issue, input));
    return { plan: undefined, asRead: undefined, errors: [...inFormOrder(shown), truncated(issues.length - MAX_PROBLEMS)], warnings: [] };
  }
  const structural = issues.map((issue) => schemaProblem(issue, input));
  const salvaged = salvage(input, issues);
  if (!salvaged) return { plan: undefined, asRead: undefined, ...capped({ errors: structural, warnings: [] }) };

  // A field with a structural problem has already been reported; its default would only repeat it.
  const broken = structural.map((p) => p.path);
  const related = (path: string) => broken.some((b) => isWithin(path, b) || isWithin(b, path));
  const { plan: asRead, errors, warnings } = check(salvaged, options);
  return {
    plan: undefined,
    asRead,
    ...capped({ errors: [...structural, ...errors.filter((p) => !related(p.path))], warnings: [...warnings.filter((p) => !related(p.path)), ...unknown] }),
  };
}

function truncated(more: number): ProblemItem {
  return { code: 'problems.truncated', path: '', label: FORM_TITLE, message: `Der er ${more} problemer mere, som ikke vises. Ret de viste først.` };
}

/** In the form's order, each once, and at most MAX_PROBLEMS of each kind. */
function capped({ errors, warnings }: Findings): Findings {
  const cap = (items: ProblemItem[]) => {
    const ordered = inFormOrder(items);
    return ordered.length <= MAX_PROBLEMS ? ordered : [...ordered.slice(0, MAX_PROBLEMS), truncated(ordered.length - MAX_PROBLEMS)];
  };
  return { errors: cap(errors), warnings: cap(warnings) };
}

const MAX_SALVAGE_ROUNDS = 8;

/**
 * Removes every part the schema rejected and parses again; a rejected array element
 * takes its whole array with it (removing one would shift the indexes of the rest).
 * Undefined when the top level itself is unusable.
 */
function salvage(input: unknown, firstIssues: readonly z.core.$ZodIssue[]): Plan | undefined {
  let current = input;
  let issues = firstIssues;
  for (let round = 0; round < MAX_SALVAGE_ROUNDS; round++) {
    for (const issue of issues) {
      if (issue.path.length === 0) return undefined;
      current = withoutPath(current, issue.path);
    }
    const again = PlanSchema.safeParse(current);
    if (again.success) return again.data;
    issues = again.error.issues;
  }
  return undefined;
}

/** A copy of `value` without the member at `path` (only the containers along the path are copied). */
function withoutPath(value: unknown, path: readonly PropertyKey[]): unknown {
  const [key, ...rest] = path;
  if (key === undefined || !isRecord(value)) return value;
  if (Array.isArray(value)) {
    // Only reached for an object element: the caller removes the array for anything else.
    const items = [...value];
    items[key as number] = withoutPath(value[key as number], rest);
    return items;
  }
  const copy = { ...value };
  const child = value[key as string];
  const dropArray = Array.isArray(child) && (rest.length === 1 || !isObject(child[rest[0] as number]));
  if (rest.length === 0 || dropArray) delete copy[key as string];
  else copy[key as string] = withoutPath(child, rest);
  return copy;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return isRecord(value) && !Array.isArray(value);
}

/** A structural problem as a problem item: code `schema.<zod issue code>`, a Danish message. */
function schemaProblem(issue: z.core.$ZodIssue, input: unknown): ProblemItem {
  const label = labelAt(issue.path);
  return { code: `schema.${issue.code}`, path: toPointer(issue.path), label, message: `»${label}«: ${schemaMessage(issue, input)}` };
}


/** Throws the 422 problem unless the plan may be rendered (drafts may lack some parts). */
export function requireRenderable(v: Pick<PlanValidation, 'plan' | 'errors' | 'warnings'>, extensions: Record<string, unknown> = {}): Plan {
  if (!v.plan || v.errors.length > 0) {
    throw new AppError('plan-invalid', 'Planen har fejl, der skal rettes, før den kan laves som dokument.', {
      extensions: { errors: v.errors, warnings: v.warnings, ...extensions },
    });
  }
  return v.plan;
}
