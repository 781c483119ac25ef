import { describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { partMender, type MendRule } from './mend-parts.js';
import { TAG_SHOULD_CONTAIN } from './odt-form.js';

/** docxtemplater's own mending, the behaviour partMender keeps. */
const joinUncorrupt = createRequire(import.meta.url)('docxtemplater/js/join-uncorrupt.js') as (
  parts: string[],
  options: { fileTypeConfig: { tagShouldContain: readonly MendRule[] }; contentType: string },
) => string[];

/** The ODT form's own rules. */
const RULES = TAG_SHOULD_CONTAIN;

/** Pieces as a fill leaves them: tags alone, tags with more after them, text, and look-alike names. */
const PIECES = [
  '<table:table table:name="T">', '</table:table>', '<table:table-row>', '</table:table-row>', '<table:table-row/>',
  '<table:table-cell office:value-type="string">', '<table:table-cell>', '</table:table-cell>', '<table:table-cell/>',
  '<table:table-cell><text:p>', '<table:table-column/>', '<table:table-header-rows>', '</table:table-header-rows>',
  '<text:p>', '<text:p text:style-name="P1">', '</text:p>', '<text:p/>', '<text:h text:outline-level="1">', '</text:h>',
  '<text:list>', '</text:list>', '<text:soft-page-break/>', '<text:span>x</text:span>', 'tekst', '', '<text:pa>',
];

/** A small deterministic generator (mulberry32), so a failure shows its seed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('partMender', () => {
  const mend = partMender(RULES);
  const theirs = (parts: string[]) => joinUncorrupt(parts, { fileTypeConfig: { tagShouldContain: RULES }, contentType: 'application/x-indsatsplan-odt-part' });

  it('mends as docxtemplater does: a cell gets its paragraph, an empty row and an empty table go', () => {
    const parts = ['<table:table table:name="T">', '<table:table-row>', '<table:table-cell>', '</table:table-cell>', '</table:table-row>', '</table:table>',
      '<table:table table:name="U">', '<table:table-header-rows>', '</table:table-header-rows>', '</table:table>'];
    const expected = ['<table:table table:name="T">', '<table:table-row>', '', '<table:table-cell><text:p/></table:table-cell>', '</table:table-row>', '</table:table>', '', '', '', ''];
    expect(theirs([...parts])).toEqual(expected);
    expect(mend([...parts])).toEqual(expected);
  });

  it('gives the same pieces as docxtemplater for 20,000 random sequences', () => {
    for (let seed = 1; seed <= 20_000; seed++) {
      const next = random(seed);
      const parts = Array.from({ length: 1 + Math.floor(next() * 24) }, () => PIECES[Math.floor(next() * PIECES.length)]!);
      expect(mend([...parts]), `seed ${seed}: ${JSON.stringify(parts)}`).toEqual(theirs([...parts]));
    }
  });
});
