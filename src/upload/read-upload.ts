/**
 * The read path of an upload: open the file safely, let the readers try in turn (the
 * service's own form, legacy form fields, the plain official template), then validate
 * the plan read with the same rules as JSON. Reading problems join the rules' problems.
 */
import { AppError } from '../shared/errors.js';
import { isWithin, type ProblemItem } from '../shared/problem.js';
import { inFormOrder } from '../plan/form-order.js';
import { ANSWER_CONSEQUENCE } from '../plan/rules.js';
import type { Plan, PlanInput } from '../plan/schema.js';
import { validatePlan } from '../plan/validate-plan.js';
import { openDocx, type DocxLimits } from './open-docx.js';
import { readFormControls } from './read-form-controls.js';
import { readLegacyFields } from './read-legacy-fields.js';
import { readPlainTemplate } from './read-plain-template.js';
import type { PlanReader, ReadResult } from './types.js';
import { errorWithStep, warningWithStep, type WithStep } from './what-to-do.js';

/** Most specific first: a form with content controls or legacy fields also looks like the plain layout. */
const READERS: PlanReader[] = [readFormControls, readLegacyFields, readPlainTemplate];

export interface UploadReading {
  source: ReadResult['source'];
  /** The plan with defaults filled in, or as far as it could be read when its structure has problems. */
  plan: Plan | PlanInput;
  /** True when `plan` passed the schema (and so may be rendered if there are no errors). */
  parsed: boolean;
  /** The plan as far as its structure could be read, for a draft (validate-plan.ts). */
  asRead: Plan | undefined;
  /** In the form's order, each once, each with what to do in the Word file. */
  errors: Array<WithStep<ProblemItem>>;
  warnings: Array<WithStep<ProblemItem>>;
}

/** A box the reader could not read leaves the answer unknown: its problem says what follows, as the rule's would. */
function withConsequence(p: ProblemItem): ProblemItem {
  const key = p.path.slice(1);
  const consequence = Object.hasOwn(ANSWER_CONSEQUENCE, key) ? ANSWER_CONSEQUENCE[key as keyof typeof ANSWER_CONSEQUENCE] : undefined;
  return consequence && !p.message.includes(consequence) ? { ...p, message: `${p.message} ${consequence}` } : p;
}

export function readUpload(file: Buffer, limits: DocxLimits, options: { today?: Date } = {}): UploadReading {
  const pkg = openDocx(file, limits);
  let read: ReadResult | undefined;
  for (const reader of READERS) {
    read = reader(pkg);
    if (read) break;
  }
  if (!read) {
    throw new AppError(
      'upload-invalid',
      'Filen er et Word-dokument, men ikke en koordinerende indsatsplan: hverken tjenestens udfyldelige formular eller den officielle skabelon (Bilag 1) blev genkendt. Kontroller, at det er den rigtige fil, eller udfyld planen i den udfyldelige Word-blanket (hent den på siden for referenter).',
    );
  }

  const v = validatePlan(read.plan, options);
  // A field that could not be read is reported once, by the reader, which says why.
  const unread = read.problems.map((p) => p.path);
  const fresh = (p: ProblemItem) => !unread.some((u) => isWithin(p.path, u));
  return {
    source: read.source,
    plan: v.plan ?? read.plan,
    parsed: v.plan !== undefined,
    asRead: v.asRead,
    errors: inFormOrder([...read.problems.map(withConsequence), ...v.errors.filter(fresh)]).map(errorWithStep),
    warnings: v.warnings.filter(fresh).map(warningWithStep),
  };
}
