/**
 * The official form's own words, read at test time from the cleaned text of Bilag 1
 * (../shared/spec/bilag1.md): a printed plan is held against the guideline's text, not
 * against the service's labels, so that a typo in a label cannot pass.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { SHARED_DIR } from './shared-dir.js';

export const BILAG1_FILE = path.join(SHARED_DIR, 'spec', 'bilag1.md');

export interface OfficialText {
  /** Every heading, label, hint, box text, paragraph and note of the form, once each, in its order. */
  phrases: string[];
  /** The `!` note boxes. */
  notes: number;
  /** The existing plans of section 2, each with its Status, Mål and Indsats rows. */
  existingPlans: number;
}

/** The table rows that name the markdown's own columns, not the form's. */
const LAYOUT_HEADER = /^(label|value|plan|row)$/;
/** The file's English notes on the layout ("A two-column table, …", "For each goal …", "(the blank form shows …)"). */
const LAYOUT_NOTE = /^(A |For each )|^\(.*\)$/;

/** The words of one table cell: the label, its hint, each box's text; placeholders and blank lines left out. */
function cellPhrases(cell: string): string[] {
  return cell
    .split(/\s+—\s+|<br>|\s+·\s+/)
    .map((p) => p.replace(/\*/g, '').replace(/^☐\s*/, '').replace(/\[[^\]]*\]/g, '').replace(/_.*$/, '').trim())
    .filter(Boolean);
}

export function readOfficialText(file = BILAG1_FILE): OfficialText {
  const text = readFileSync(file, 'utf8');
  // What precedes the first rule describes the file itself.
  const form = text.slice(text.indexOf('\n---\n') + 5).split('\n');
  const phrases: string[] = [];
  let notes = 0;
  let existingPlans = 0;
  for (const raw of form) {
    const line = raw.trim();
    if (line === '' || line === '>' || /^\|[-| ]+\|$/.test(line) || LAYOUT_NOTE.test(line)) continue;
    if (line.startsWith('|')) {
      const cells = line.slice(1, -1).split('|').map((c) => c.trim());
      if (cells.every((c) => LAYOUT_HEADER.test(c))) continue;
      if (cells[1] === 'Status · Mål · Indsats') existingPlans++;
      phrases.push(...cells.flatMap(cellPhrases));
    } else if (line.startsWith('> ! ')) {
      notes++;
      phrases.push(line.slice(4));
    } else if (line.startsWith('> ')) {
      phrases.push(line.slice(2));
    } else if (line.startsWith('## ')) {
      phrases.push(line.slice(3));
    } else if (/^\d+\. /.test(line)) {
      // A numbered line of the blank form ("1. Udfordring: …"): filled with the plan's own text.
      continue;
    } else {
      // A title, a goal's heading ("**Mål 1** — [placeholder]"), a hint in italics or a paragraph.
      phrases.push(...cellPhrases(line));
    }
  }
  return { phrases: [...new Set(phrases)], notes, existingPlans };
}
