/**
 * Members of a submitted document that its schema does not know, however deep: an
 * integrator's typo (`followupDate` for `followUpDate`) that zod would drop without a word.
 * The contract (spec/api.md) lets unknown fields pass, so they are warnings, found by walking
 * the input beside the schema, each with its JSON Pointer and, where a known name is close,
 * that name. Members whose name begins with `$` (`$comment`, `$schema`) are annotations, as
 * in JSON Schema, and pass in silence.
 */
import type { z } from 'zod';
import { toPointer, type ProblemItem } from './problem.js';

/** The rule in a sentence, for the schemas' descriptions in the OpenAPI document. */
export const UNKNOWN_FIELDS_NOTE = 'Felter, som tjenesten ikke kender, afvises ikke, men giver en advarsel (unknown-field) med deres sti; felter, der begynder med $ (fx $comment), er kommentarer.';

/** More than this are summed up in one more warning: a body of a million stray keys gets a short answer. */
export const MAX_UNKNOWN_FIELD_WARNINGS = 50;

export interface Def {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
}
export const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** The schema that describes the value itself, past defaults, optionals, nullables and pipes. */
export function unwrap(schema: z.ZodType): z.ZodType {
  for (let def = defOf(schema); ; def = defOf(schema)) {
    const next = def.innerType ?? (def.type === 'pipe' ? def.in : undefined);
    if (!next) return schema;
    schema = next;
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Edit distance, capped: only "is it within 2" matters. */
function closeTo(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 2) return false;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length]! <= 2;
}

function suggestion(key: string, known: string[]): string | undefined {
  const lower = key.toLowerCase();
  return known.find((k) => k.toLowerCase() === lower) ?? known.find((k) => closeTo(k.toLowerCase(), lower));
}

export function unknownFieldWarnings(schema: z.ZodType, input: unknown, labelAt: (path: ReadonlyArray<PropertyKey>) => string): ProblemItem[] {
  const found: ProblemItem[] = [];
  let more = 0;
  // One path array, changed as the walk goes; a warning takes a copy.
  const path: PropertyKey[] = [];
  const walk = (s: z.ZodType, value: unknown): void => {
    const def = defOf(unwrap(s));
    if (def.type === 'object' && def.shape && isObject(value)) {
      const known = Object.keys(def.shape);
      for (const key of Object.keys(value)) {
        if (key.startsWith('$')) continue;
        if (Object.hasOwn(def.shape, key)) {
          path.push(key);
          walk(def.shape[key]!, value[key]);
          path.pop();
          continue;
        }
        if (found.length >= MAX_UNKNOWN_FIELD_WARNINGS) {
          more++;
          continue;
        }
        const at = [...path, key];
        const label = labelAt(at);
        const near = suggestion(key, known);
        found.push({
          code: 'unknown-field',
          path: toPointer(at),
          label,
          message: `»${label}«: ukendt felt ${toPointer(at)}; det bruges ikke.${near ? ` Mente du »${near}«?` : ''}`,
        });
      }
    } else if (def.type === 'array' && def.element && Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        path.push(i);
        walk(def.element, value[i]);
        path.pop();
      }
    }
  };
  walk(schema, input);
  if (more > 0) found.push({ code: 'unknown-field', path: '', label: labelAt([]), message: `Der er ${more} ukendte felter mere, som ikke vises.` });
  return found;
}
