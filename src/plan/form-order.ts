/**
 * The official form's order, for every list of a plan's problems: section 1 top to bottom,
 * then sections 2 to 5, as a referent reads the form, so the list and the form can be
 * followed side by side. Fields the form does not print (the referral, the relatives, the GP)
 * close section 1, as in the page of changes. Within a field its parts follow the schema's
 * order, which is the form's (name before CPR number, goal 1's title before its interventions).
 */
import type { z } from 'zod';
import type { ProblemItem } from '../shared/problem.js';
import { defOf, unwrap } from '../shared/unknown-fields.js';
import { SECTION } from './labels.js';
import { PlanSchema } from './schema.js';

export type SectionKey = keyof typeof SECTION;

/** Every top-level field of the plan in the form's order, with the section it stands in (the status stands above all). */
export const FORM_ORDER: ReadonlyArray<readonly [field: string, section: SectionKey | undefined]> = [
  ['status', undefined],
  ['citizen', 'masterData'],
  ['grounds', 'masterData'],
  ['consent', 'masterData'],
  ['coordinator', 'masterData'],
  ['participants', 'masterData'],
  ['meetingDate', 'masterData'],
  ['approvedByCitizen', 'masterData'],
  ['referralDate', 'masterData'],
  ['referralSetting', 'masterData'],
  ['relativesConsent', 'masterData'],
  ['relatives', 'masterData'],
  ['generalPractitioner', 'masterData'],
  ['existingPlans', 'existingPlans'],
  ['challenges', 'challenges'],
  ['goals', 'goals'],
  ['followUpDate', 'followUp'],
];

const TOP = new Map(FORM_ORDER.map(([field, section], i) => [field, { rank: i, section }]));
/** After every field: what the schema does not know (unknown fields), then the plan as a whole (path ""). */
const UNKNOWN_RANK = FORM_ORDER.length;
const WHOLE_PLAN_RANK = FORM_ORDER.length + 1;

function segments(pointer: string): string[] {
  return pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** A sort key of a JSON Pointer into the plan: the top-level field's place, then each part's place in its schema. */
export function formRank(pointer: string): number[] {
  if (pointer === '') return [WHOLE_PLAN_RANK];
  const [head = '', ...rest] = segments(pointer);
  const top = TOP.get(head);
  if (!top) return [UNKNOWN_RANK];
  const rank = [top.rank];
  let schema: z.ZodType | undefined = PlanSchema.shape[head as keyof typeof PlanSchema.shape];
  for (const part of rest) {
    const def: ReturnType<typeof defOf> | undefined = schema ? defOf(unwrap(schema)) : undefined;
    if (def?.type === 'array') {
      rank.push(/^\d+$/.test(part) ? Number(part) : Number.MAX_SAFE_INTEGER);
      schema = def.element;
    } else if (def?.type === 'object' && def.shape) {
      const keys = Object.keys(def.shape);
      const i = keys.indexOf(part);
      rank.push(i < 0 ? keys.length : i);
      schema = i < 0 ? undefined : def.shape[part];
    } else {
      // Below a text or a box: nothing has parts there.
      rank.push(0);
      schema = undefined;
    }
  }
  return rank;
}

/** The form section of a pointer's field, e.g. "1. Stamoplysninger"; undefined for the status, unknown fields and the whole plan. */
export function sectionAt(pointer: string): string | undefined {
  const key = TOP.get(segments(pointer)[0] ?? '')?.section;
  return key && SECTION[key];
}

function compareRanks(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  // A field before its parts.
  return a.length - b.length;
}

/**
 * Problems as a person reads them against the form: each once (the same code, field and
 * words), in the form's order (problems at the same field keep the order they were found
 * in), each with its section where it has one.
 */
export function inFormOrder<T extends ProblemItem>(items: readonly T[]): Array<T & { section?: string }> {
  const seen = new Set<string>();
  const once = items.filter((p) => {
    const key = JSON.stringify([p.code, p.path, p.message]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return once
    .map((p) => ({ p, rank: formRank(p.path) }))
    .sort((a, b) => compareRanks(a.rank, b.rank))
    .map(({ p }) => {
      const section = sectionAt(p.path);
      return section ? { ...p, section } : p;
    });
}
