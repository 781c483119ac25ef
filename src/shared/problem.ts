/** Shapes shared by every capability that reports problems against a document's fields. */
import { z } from 'zod';

export const ProblemItemSchema = z
  .object({
    code: z.string().meta({ description: 'Stable machine-readable code, e.g. grounds.none' }),
    path: z.string().meta({ description: 'JSON Pointer into the submitted JSON' }),
    label: z.string().meta({ description: 'The official form label of the field' }),
    message: z.string().meta({ description: 'Danish message for a person' }),
  })
  .meta({ id: 'ProblemItem' });

export type ProblemItem = z.infer<typeof ProblemItemSchema>;

export interface Findings {
  errors: ProblemItem[];
  warnings: ProblemItem[];
}

/** Turns a path of keys and indexes into a JSON Pointer (RFC 6901). */
export function toPointer(path: ReadonlyArray<PropertyKey>): string {
  if (path.length === 0) return '';
  return '/' + path.map((p) => String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
}
