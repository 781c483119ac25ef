/** Contracts shared by the parts of the upload reader. */
import type { Document } from '@xmldom/xmldom';
import type { ProblemItem } from '../shared/problem.js';
import type { PlanInput } from '../plan/schema.js';

/** An uploaded .docx, opened safely (limits checked, no DTD, not macro-enabled, not encrypted). */
export interface DocxPackage {
  /** Name of the main document part, found through _rels/.rels (not always word/document.xml). */
  mainPartName: string;
  /** The main part, parsed. */
  document: Document;
  /** True when the main part uses the ISO Strict namespace instead of the transitional one. */
  strict: boolean;
  /** Reads another part of the package as text (for relationships, numbering, headers), or undefined. */
  readPart(name: string): string | undefined;
}

/** What a reader got out of a document: the plan as far as it could be read, and reading problems. */
export interface ReadResult {
  /** Which reader recognised the document (for the log and the answer). */
  source: 'form-controls' | 'legacy-fields' | 'plain-template';
  /** The plan as read: a partial plan input; validatePlan fills the defaults and applies the rules. */
  plan: PlanInput;
  /** Problems found while reading (an unclear box, an unreadable date...), each at its field. */
  problems: ProblemItem[];
}

/** A reader returns undefined when the document is not of its kind, so the next reader can try. */
export type PlanReader = (pkg: DocxPackage) => ReadResult | undefined;
