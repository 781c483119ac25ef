/**
 * How much text one plan or invitation may hold: the bound on the work one request can ask
 * of LibreOffice. Long text is not the same as long work: a table cell whose text runs over
 * many pages costs far more than linearly (measured on 2 cores: one intervention cell of
 * 10,000 characters 1.1 s, of 25,000 7 s, of 100,000 164 s; 5,000 line breaks in one cell
 * 15 s), so each field is bounded in characters and in lines, and the whole document again.
 *
 * Real plans stay far below: Bilag 2 has at most 1,679 characters and 23 lines in a field,
 * 6,297 characters in all; the benchmark's 20-page plan 25,000. The longest plan these
 * limits allow converts in the time `npx tsx bench/longest-plan.ts` prints (README).
 */
import { z } from 'zod';
import { toPointer, type ProblemItem } from './problem.js';

export const TEXT_LIMITS = {
  /** Characters in one text field. */
  fieldChars: 10_000,
  /** Lines in one text field (line breaks + 1). */
  fieldLines: 200,
  /** Characters in all text fields together. */
  documentChars: 150_000,
  /** Lines in all text fields together; every field counts as at least one, an empty one too (it is still a row to lay out). */
  documentLines: 3_000,
} as const;

const danish = (n: number) => n.toLocaleString('da-DK');

/** Lines of a text as the document will show them: one more than its line breaks (CR LF is one). */
export function lineCount(text: string): number {
  let breaks = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a || (c === 0x0d && text.charCodeAt(i + 1) !== 0x0a)) breaks++;
  }
  return breaks + 1;
}

/** A text field within the per-field limits: `maxLength` in the OpenAPI document, the line bound in its words. */
export function limitedText() {
  return z
    .string()
    // One problem per field: past the length, its lines are not counted as well.
    .max(TEXT_LIMITS.fieldChars, { abort: true })
    .refine((s) => lineCount(s) <= TEXT_LIMITS.fieldLines, { error: `teksten må højst have ${danish(TEXT_LIMITS.fieldLines)} linjer.` });
}

/** The limits in a sentence, for the schema's description in the OpenAPI document. */
export function textLimitsDescription(document: string): string {
  const l = TEXT_LIMITS;
  return `Hvert tekstfelt højst ${danish(l.fieldChars)} tegn og ${danish(l.fieldLines)} linjer; ${document} i alt højst ${danish(l.documentChars)} tegn og ${danish(l.documentLines)} linjer (hvert felt tæller mindst én linje).`;
}

/**
 * Calls `visit` with every string of a value and its path (for the document-wide limits and the
 * text checks). The path is one array the walk changes as it goes: it holds during the call,
 * and a visitor that keeps it keeps a copy (a new array for every field was a third of this
 * walk's time in a long plan).
 */
export function forEachString(value: unknown, visit: (text: string, path: readonly PropertyKey[]) => void): void {
  const path: PropertyKey[] = [];
  const walk = (v: unknown): void => {
    if (typeof v === 'string') visit(v, path);
    else if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        path.push(i);
        walk(v[i]);
        path.pop();
      }
    } else if (v && typeof v === 'object') {
      for (const k of Object.keys(v)) {
        path.push(k);
        walk((v as Record<string, unknown>)[k]);
        path.pop();
      }
    }
  };
  walk(value);
}

/**
 * A copy of a value with every string replaced by `change(text, path)`, the structure unchanged.
 * The path is as forEachString's: one array the walk changes as it goes. Objects are copied key
 * by key: the documents and views walked hold only their schema's keys and the code's own (zod
 * keeps no others).
 */
export function mapStrings<T>(value: T, change: (text: string, path: readonly PropertyKey[]) => string): T {
  const path: PropertyKey[] = [];
  const map = (v: unknown): unknown => {
    if (typeof v === 'string') return change(v, path);
    if (Array.isArray(v)) {
      return v.map((item, i) => {
        path.push(i);
        const mapped = map(item);
        path.pop();
        return mapped;
      });
    }
    if (v && typeof v === 'object') {
      const copy: Record<string, unknown> = {};
      for (const k of Object.keys(v)) {
        path.push(k);
        copy[k] = map((v as Record<string, unknown>)[k]);
        path.pop();
      }
      return copy;
    }
    return v;
  };
  return map(value) as T;
}

export interface DocumentSizeOptions {
  /** The problem code, e.g. plan.too-long. */
  code: string;
  /** The document in a Danish sentence's subject: "Planen", "Invitationen". */
  subject: string;
  /** The form's label of the field at a path. */
  labelAt: (path: ReadonlyArray<PropertyKey>) => string;
}

/**
 * The document-wide limits: one error per limit exceeded, at the field that takes the most
 * of it, so the person knows where to shorten.
 */
export function documentSizeProblems(document: unknown, options: DocumentSizeOptions): ProblemItem[] {
  let chars = 0;
  let lines = 0;
  let longest: { path: PropertyKey[]; chars: number } | undefined;
  let tallest: { path: PropertyKey[]; lines: number } | undefined;
  forEachString(document, (text, path) => {
    const n = lineCount(text);
    chars += text.length;
    lines += n;
    if (!longest || text.length > longest.chars) longest = { path: [...path], chars: text.length };
    if (!tallest || n > tallest.lines) tallest = { path: [...path], lines: n };
  });
  const problems: ProblemItem[] = [];
  const at = (path: PropertyKey[], message: string) => {
    const label = options.labelAt(path);
    problems.push({ code: options.code, path: toPointer(path), label, message: `»${label}«: ${message}` });
  };
  if (chars > TEXT_LIMITS.documentChars && longest) {
    at(
      longest.path,
      `${options.subject} har ${danish(chars)} tegn i alt, og højst ${danish(TEXT_LIMITS.documentChars)} kan laves som dokument. Dette felt er det længste (${danish(longest.chars)} tegn): forkort det eller andre lange felter.`,
    );
  }
  if (lines > TEXT_LIMITS.documentLines && tallest) {
    at(
      tallest.path,
      `${options.subject} har ${danish(lines)} linjer i alt (hvert felt tæller mindst én), og højst ${danish(TEXT_LIMITS.documentLines)} kan laves som dokument. Dette felt har flest (${danish(tallest.lines)}): fjern tomme linjer eller rækker.`,
    );
  }
  return problems;
}
