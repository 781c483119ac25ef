/**
 * What text a generated document can hold. XML 1.0, and so a Word document, cannot store
 * control characters other than tab and line breaks (NUL, BEL, VT, …), U+FFFE/U+FFFF or a
 * lone surrogate: validation removes them from every text field, with a warning at the
 * field, so every route (validate, PDF, .docx, calendar, bundle, distribution) sees the same
 * clean text and none fails on it later.
 */
import { toPointer, type ProblemItem } from './problem.js';

// eslint-disable-next-line no-control-regex -- matching exactly these characters is the point
const NOT_IN_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** The text without the characters a Word document cannot hold. */
export function withoutXmlForbidden(text: string): string {
  return text.replace(NOT_IN_XML, '');
}

/**
 * A copy of a validated document with those characters removed from every string, and a
 * warning for each field that had any. The structure is unchanged.
 */
export function removeForbiddenCharacters<T>(document: T, labelAt: (path: ReadonlyArray<PropertyKey>) => string): { document: T; warnings: ProblemItem[] } {
  const warnings: ProblemItem[] = [];
  const clean = (value: unknown, path: PropertyKey[]): unknown => {
    if (typeof value === 'string') {
      const cleaned = withoutXmlForbidden(value);
      if (cleaned.length !== value.length) {
        const label = labelAt(path);
        const n = value.length - cleaned.length;
        warnings.push({
          code: 'text.control-characters',
          path: toPointer(path),
          label,
          message: `»${label}«: ${n === 1 ? 'et tegn' : `${n} tegn`}, som ikke kan stå i et dokument (kontroltegn), er fjernet. Kontroller teksten.`,
        });
      }
      return cleaned;
    }
    if (Array.isArray(value)) return value.map((v, i) => clean(v, [...path, i]));
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, clean(v, [...path, k])]));
    return value;
  };
  return { document: clean(document, []) as T, warnings };
}
