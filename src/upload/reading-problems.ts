/**
 * The reading problems every upload reader reports in the same words: a date or a box that
 * is there but cannot be read. Each message says what was seen and what to write instead.
 */
import type { ProblemItem } from '../shared/problem.js';

/** Shows what the referent wrote in a message, briefly. */
export function quote(text: string): string {
  const t = text.replace(/\s+/gu, ' ').trim();
  return t.length > 40 ? `${t.slice(0, 40)}…` : t;
}

/** A date field holds text that is not a date. */
export function dateUnreadable(path: string, label: string, text: string): ProblemItem {
  return {
    code: 'upload.date-unreadable',
    path,
    label,
    message: `Datoen »${quote(text)}« ved »${label}« kunne ikke læses. Skriv den som fx 1.5.2014 eller 1. maj 2014.`,
  };
}

/**
 * A box that is neither clearly ticked nor clearly empty. `option` is the box's own text
 * when it differs from the field's label (»Ja« under »Samtykke«); `seen` is what stands
 * where the box should be ('' when nothing does), left out when the box has no text.
 */
export function boxUnclear(path: string, label: string, options: { option?: string; seen?: string } = {}): ProblemItem {
  const option = options.option ?? label;
  const where = option === label ? `»${label}«` : `»${option}« under »${label}«`;
  const seen = options.seen === undefined ? '' : ` (${options.seen.trim() === '' ? 'intet felt' : `»${quote(options.seen)}«`})`;
  return {
    code: 'upload.box-unclear',
    path,
    label,
    message: `Afkrydsningen ved ${where} kan ikke læses entydigt${seen}. Sæt ☒ eller X ved feltet, eller lad det stå som ☐.`,
  };
}
