/** What a document can hold and what its PDF can show, field by field. */
import { describe, expect, it } from 'vitest';
import { removeForbiddenCharacters, unprintableCharacterWarnings, withoutXmlForbidden } from './document-text.js';
import { PRINTABLE_RANGES } from './printable-ranges.js';

const label = (path: ReadonlyArray<PropertyKey>) => `Felt ${path.join('.')}`;

describe('removeForbiddenCharacters', () => {
  it('removes what XML cannot hold from every string, keeps tabs and line breaks, and warns at each field', () => {
    const { document, warnings } = removeForbiddenCharacters({ a: 'x\u0000y\u0007', b: ['ok\tja\r\nnej', 'v\u000Bt'], c: 3, d: null, e: 'lone \uD800 surrogate' }, label);
    expect(document).toEqual({ a: 'xy', b: ['ok\tja\r\nnej', 'vt'], c: 3, d: null, e: 'lone  surrogate' });
    expect(warnings.map((w) => [w.code, w.path, w.label])).toEqual([
      ['text.control-characters', '/a', 'Felt a'],
      ['text.control-characters', '/b/1', 'Felt b.1'],
      ['text.control-characters', '/e', 'Felt e'],
    ]);
    expect(warnings[0]!.message).toBe('»Felt a«: 2 tegn, som ikke kan stå i et dokument (kontroltegn), er fjernet. Kontroller teksten.');
  });
});

describe('withoutXmlForbidden', () => {
  it('removes exactly what XML 1.0 cannot hold, for every UTF-16 code unit alone, behind text, and beside each half of a pair', () => {
    const allowed = (c: number) => c === 0x9 || c === 0xa || c === 0xd || (c >= 0x20 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd);
    const wrong: string[] = [];
    for (let c = 0; c <= 0xffff; c++) {
      const ch = String.fromCharCode(c);
      const kept = allowed(c) ? ch : '';
      if (withoutXmlForbidden(ch) !== kept || withoutXmlForbidden(`Æblegrød ${ch}`) !== `Æblegrød ${kept}`) wrong.push(c.toString(16));
    }
    expect(wrong.slice(0, 10)).toEqual([]);
    // A pair is one character XML holds; either half alone is not.
    expect(withoutXmlForbidden('a\uD83D\uDE00b')).toBe('a\uD83D\uDE00b');
    expect(withoutXmlForbidden('a\uDE00\uD83Db')).toBe('ab');
    expect(withoutXmlForbidden('a\uD83D\uD83D\uDE00b')).toBe('a\uD83D\uDE00b');
  });
});

describe('unprintableCharacterWarnings', () => {
  const flagged = (text: string) => unprintableCharacterWarnings({ text }, label);

  it("passes Danish, the wider Latin, Greek and Cyrillic, the form's boxes and common symbols", () => {
    for (const text of ['Ærø Østergård, Åse', 'Łódź, Ñandú, Şişli', 'Ωμέγα, Жук', '☒ ☐ ✓ • – “” € § ½ → ≤', 'Tab\tog\nlinjeskift']) {
      expect(flagged(text), text).toEqual([]);
    }
  });

  it('passes what is invisible by nature: zero-width space and joiner, soft hyphen, variation selectors', () => {
    expect(flagged('a\u200Bb\u200Dc\u00ADd\uFE0Fe')).toEqual([]);
  });

  it('names what the fonts lack, up to five, with its code point', () => {
    const [w] = flagged('Godt 👍 møde 中文 ✈︎ 🇩🇰');
    expect(w).toMatchObject({ code: 'text.unprintable', path: '/text', label: 'Felt text' });
    expect(w!.message).toBe(
      "»Felt text«: tegnene »👍« (U+1F44D), »中« (U+4E2D), »文« (U+6587), »🇩« (U+1F1E9), »🇰« (U+1F1F0) findes ikke i PDF'ens skrifttyper og bliver tomme felter eller forsvinder i PDF'en (Word-filen viser dem). Skriv det med almindelige bogstaver, hvis det skal med.",
    );
    expect(flagged('1 2 3 4 5 6 中文字體測試')[0]!.message).toContain(' og 1 andre findes ikke');
  });

  it('flags exactly the characters outside the fonts, also after a long stretch of common text', () => {
    // Every code point up to U+2FFF, each behind Danish text: the warning's verdict is the
    // fonts' ranges' own (ASCII's printable part, the invisible ones and the line breaks aside).
    const ranges = PRINTABLE_RANGES.split(',').map((r) => r.split('-').map((h) => parseInt(h, 16)));
    const inFonts = (cp: number) => ranges.some(([from, to = from]) => cp >= from! && cp <= to!);
    const invisible = /[\p{Default_Ignorable_Code_Point}\t\n\r]/u;
    const wrong: string[] = [];
    for (let cp = 0x09; cp < 0x3000; cp++) {
      const ch = String.fromCodePoint(cp);
      const expected = !(cp >= 0x20 && cp <= 0x7e) && !inFonts(cp) && !invisible.test(ch);
      if ((flagged(`Ærø Østergård ${'å'.repeat(40)} ${ch} slut`).length === 1) !== expected) wrong.push(cp.toString(16));
    }
    expect(wrong).toEqual([]);
  });
});
