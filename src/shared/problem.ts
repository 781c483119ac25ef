/** Shapes shared by every capability that reports problems against a document's fields. */
import { z } from 'zod';

export const ProblemItemSchema = z
  .object({
    code: z.string().meta({ description: 'Stable machine-readable code, e.g. grounds.none' }),
    path: z.string().meta({ description: 'JSON Pointer into the submitted JSON' }),
    label: z.string().meta({ description: 'The official form label of the field' }),
    message: z.string().meta({ description: 'Danish message for a person' }),
    section: z
      .string()
      .optional()
      .meta({ description: 'The form section the field stands in, e.g. "1. Stamoplysninger" (a plan\'s problems; they are listed in the form\'s order)' }),
  })
  .meta({ id: 'ProblemItem' });

export type ProblemItem = z.infer<typeof ProblemItemSchema>;

/** The answer of every validate route: whether the document may be produced, and every problem. */
export const ValidationResultSchema = z
  .object({ valid: z.boolean(), errors: z.array(ProblemItemSchema), warnings: z.array(ProblemItemSchema) })
  .meta({ id: 'ValidationResult' });

export interface Findings {
  errors: ProblemItem[];
  warnings: ProblemItem[];
}

/** Turns a path of keys and indexes into a JSON Pointer (RFC 6901). */
export function toPointer(path: ReadonlyArray<PropertyKey>): string {
  if (path.length === 0) return '';
  return '/' + path.map((p) => String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
}

/** True when pointer `inner` is `outer` or lies below it: a problem there is about the same field. */
export function isWithin(inner: string, outer: string): boolean {
  return inner === outer || inner.startsWith(`${outer}/`);
}

const TYPE_DA: Record<string, string> = {
  string: 'tekst',
  number: 'et tal',
  boolean: 'true eller false',
  array: 'en liste',
  object: 'et objekt',
  date: 'en dato',
};

function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (v === undefined) return 'ingenting';
  if (Array.isArray(v)) return 'en liste';
  return TYPE_DA[typeof v] ?? typeof v;
}

/** The submitted value at a path (zod leaves it out of issues unless asked, which keeps CPR numbers out of them). */
function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let v = input;
  for (const key of path) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = (v as Record<string, unknown>)[key as string];
  }
  return v;
}

/** What is wrong with a value, in Danish, for a structural (zod) issue; `input` is what was submitted. */
export function schemaMessage(issue: z.core.$ZodIssue, input: unknown): string {
  switch (issue.code) {
    case 'invalid_type': {
      const expected = TYPE_DA[issue.expected] ?? issue.expected;
      return `forventede ${expected}, men fik ${describeValue(valueAt(input, issue.path))}.`;
    }
    case 'invalid_value':
      return `skal være en af ${issue.values.map((v) => JSON.stringify(v)).join(', ')}.`;
    case 'too_big':
      return issue.origin === 'string'
        ? `teksten må højst være ${issue.maximum.toLocaleString('da-DK')} tegn.`
        : issue.origin === 'array'
          ? `der må højst være ${issue.maximum} elementer.`
          : `værdien er for stor (højst ${issue.maximum}).`;
    case 'too_small':
      return issue.origin === 'array' ? `der skal være mindst ${issue.minimum} elementer.` : `værdien er for lille (mindst ${issue.minimum}).`;
    case 'unrecognized_keys':
      return `ukendte felter: ${issue.keys.join(', ')}.`;
    case 'invalid_format':
      return 'værdien har et forkert format.';
    case 'custom':
      // Only the service's own refinements make these, with a Danish message and no value in it.
      return issue.message;
    default:
      return 'værdien er ugyldig.';
  }
}
