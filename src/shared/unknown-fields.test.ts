/** Unknown members against a small schema: depth, arrays, annotations, suggestions and the cap. */
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { MAX_UNKNOWN_FIELD_WARNINGS, unknownFieldWarnings } from './unknown-fields.js';

const Schema = z.object({
  name: z.string().default(''),
  contact: z.object({ email: z.string() }).nullable().default(null),
  rows: z.array(z.object({ task: z.string() })).default([]),
});
const label = () => 'Felt';
const paths = (input: unknown) => unknownFieldWarnings(Schema, input, label).map((w) => w.path);

describe('unknownFieldWarnings', () => {
  it('finds members the schema does not know, through defaults, nullables and arrays', () => {
    expect(paths({ name: 'x', nmae: 'y', contact: { email: 'a', emial: 'b' }, rows: [{ task: 't' }, { task: 't', tsak: 'u' }] })).toEqual([
      '/nmae',
      '/contact/emial',
      '/rows/1/tsak',
    ]);
    expect(unknownFieldWarnings(Schema, { Name: 'x' }, label)[0]!.message).toBe('»Felt«: ukendt felt /Name; det bruges ikke. Mente du »name«?');
  });

  it('passes annotations ($comment) and values of the wrong type in silence (those are the schema\'s to report)', () => {
    expect(paths({ $comment: 'note', contact: 'not an object', rows: 'none' })).toEqual([]);
  });

  it('sums up past its cap, so a body of many stray keys gets a short answer', () => {
    const input = Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`k${i}`, i]));
    const warnings = unknownFieldWarnings(Schema, input, label);
    expect(warnings).toHaveLength(MAX_UNKNOWN_FIELD_WARNINGS + 1);
    expect(warnings[MAX_UNKNOWN_FIELD_WARNINGS]!.message).toBe(`Der er ${1000 - MAX_UNKNOWN_FIELD_WARNINGS} ukendte felter mere, som ikke vises.`);
  });
});
