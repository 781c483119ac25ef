/**
 * What text a generated document can hold. XML 1.0, and so a Word document, cannot store
 * control characters other than tab and line breaks (NUL, BEL, VT, …), U+FFFE/U+FFFF or a
 * lone surrogate: validation removes them from every text field, with a warning at the
 * field, so every route (validate, PDF, .docx, calendar, bundle, distribution) sees the same
 * clean text and none fails on it later. Characters the PDF's fonts do not have (most emoji,
 * scripts such as Chinese or Thai) stay, since Word shows them, with a warning at the field:
 * in the PDF they would be empty boxes or nothing.
 */
import { toPointer, type ProblemItem } from './problem.js';
import { forEachString, mapStrings } from './text-limits.js';
import { PRINTABLE_RANGES } from './printable-ranges.js';

// eslint-disable-next-line no-control-regex -- matching exactly these characters is the point
const NOT_IN_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * The characters NOT_IN_XML can match, and every surrogate (a pair is fine): one class, which
 * the regex engine scans faster than NOT_IN_XML's alternatives. Text without any is returned
 * as it is, which is nearly all text.
 */
// eslint-disable-next-line no-control-regex -- as above
const MAYBE_NOT_IN_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;

/** The text without the characters a Word document cannot hold. */
export function withoutXmlForbidden(text: string): string {
  return MAYBE_NOT_IN_XML.test(text) ? text.replace(NOT_IN_XML, '') : text;
}

/**
 * A copy of a validated document with those characters removed from every string, and a
 * warning for each field that had any. The structure is unchanged.
 */
export function removeForbiddenCharacters<T>(document: T, labelAt: (path: ReadonlyArray<PropertyKey>) => string): { document: T; warnings: ProblemItem[] } {
  const warnings: ProblemItem[] = [];
  const cleaned = mapStrings(document, (value, path) => {
    const text = withoutXmlForbidden(value);
    if (text.length !== value.length) {
      const label = labelAt(path);
      const n = value.length - text.length;
      warnings.push({
        code: 'text.control-characters',
        path: toPointer(path),
        label,
        message: `»${label}«: ${n === 1 ? 'et tegn' : `${n} tegn`}, som ikke kan stå i et dokument (kontroltegn), er fjernet. Kontroller teksten.`,
      });
    }
    return text;
  });
  return { document: cleaned, warnings };
}

/** [from, to] pairs of the fonts' code points, in order, for a binary search. */
const PRINTABLE: ReadonlyArray<readonly [number, number]> = PRINTABLE_RANGES.split(',').map((r) => {
  const [from, to = from] = r.split('-').map((h) => parseInt(h, 16));
  return [from!, to!] as const;
});

function printable(c: number): boolean {
  let lo = 0;
  let hi = PRINTABLE.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const [from, to] = PRINTABLE[mid]!;
    if (c < from) hi = mid - 1;
    else if (c > to) lo = mid + 1;
    else return true;
  }
  return false;
}

/** Not ASCII's or Latin-1's printable part, Latin Extended, IPA or Greek (all in the fonts), a tab or a line break. */
const BEYOND_LATIN = /[^\t\n\r\x20-\x7e\xa0-\u0377]/;

/** Invisible by nature (zero-width joiners and spaces, variation selectors, soft hyphen, …): no glyph is expected. */
const INVISIBLE = /[\p{Default_Ignorable_Code_Point}\t\n\r]/u;

/** How a character is named in a message: itself and its code point, e.g. »😀« (U+1F600). */
const named = (ch: string) => `»${ch}« (U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')})`;
const SHOWN = 5;

/** A warning at each text field with characters the PDF's fonts cannot show, naming (up to five of) them. */
export function unprintableCharacterWarnings(document: unknown, labelAt: (path: ReadonlyArray<PropertyKey>) => string): ProblemItem[] {
  const warnings: ProblemItem[] = [];
  forEachString(document, (text, path) => {
    // Most fields hold only characters every font has: the regex engine finds the first other one
    // (a loop over every character in JavaScript took a third of validating a long plan).
    const first = text.search(BEYOND_LATIN);
    if (first < 0) return;
    const missing = new Set<string>();
    for (const ch of text.slice(first)) {
      if (ch.charCodeAt(0) < 0x7f && ch >= ' ') continue; // the common case, printable by every font
      if (!printable(ch.codePointAt(0)!) && !INVISIBLE.test(ch)) missing.add(ch);
    }
    if (missing.size === 0) return;
    const label = labelAt(path);
    const list = [...missing].slice(0, SHOWN).map(named).join(', ');
    const more = missing.size > SHOWN ? ` og ${missing.size - SHOWN} andre` : '';
    warnings.push({
      code: 'text.unprintable',
      path: toPointer(path),
      label,
      message: `»${label}«: ${missing.size === 1 ? 'tegnet' : 'tegnene'} ${list}${more} findes ikke i PDF'ens skrifttyper og bliver tomme felter eller forsvinder i PDF'en (Word-filen viser dem). Skriv det med almindelige bogstaver, hvis det skal med.`,
    });
  });
  return warnings;
}
