/**
 * The Danish words of a change: quoted texts (shortened), Ja/Nej, dates, people. Texts
 * are compared the way a person reads them: whitespace and line breaks do not count
 * (a plan that went through Word or LibreOffice may have lost or gained some).
 */
import { danishDate } from '../plan/plan-view.js';
import type { Contact } from '../plan/schema.js';

/** Longer quotes are cut at a word and end in "…"; the full texts are in the answer's values. */
const MAX_QUOTE = 100;

export function collapse(text: string): string {
  return text.normalize('NFC').replace(/\s+/gu, ' ').trim();
}

export function sameText(a: string, b: string): boolean {
  return a === b || collapse(a) === collapse(b);
}

/** Names and e-mail addresses compared without case: the same person, written again. */
export function identity(text: string): string {
  return collapse(text).toLowerCase();
}

/** »text«, shortened to about MAX_QUOTE characters. */
export function quote(text: string): string {
  const c = collapse(text);
  if (c.length <= MAX_QUOTE) return `»${c}«`;
  const cut = c.slice(0, MAX_QUOTE);
  const space = cut.lastIndexOf(' ');
  return `»${(space > MAX_QUOTE / 2 ? cut.slice(0, space) : cut).replace(/[\s,.;:]+$/u, '')}…«`;
}

/** "Adresse: ændret fra »…« til »…«." (or filled in, or emptied); a long text only "ændret". */
export function describeTextChange(what: string, before: string, after: string): string {
  const b = collapse(before);
  const a = collapse(after);
  if (b === '') return `${what}: udfyldt med ${quote(a)}.`;
  if (a === '') return `${what}: ikke længere udfyldt (før ${quote(b)}).`;
  if (b.length > MAX_QUOTE || a.length > MAX_QUOTE) return `${what}: teksten er ændret.`;
  return `${what}: ændret fra ${quote(b)} til ${quote(a)}.`;
}

export function yesNo(v: boolean | null | undefined): string {
  return v === true ? 'Ja' : v === false ? 'Nej' : 'ikke besvaret';
}

export function boxState(v: boolean | null | undefined): string {
  return v === true ? 'afkrydset' : v === false ? 'ikke afkrydset' : 'ikke besvaret';
}

/** "1. maj 2014", or "ingen dato". */
export function dateText(iso: string | null | undefined): string {
  return danishDate(iso) || 'ingen dato';
}

/** "Mads Jørgensen (Sagsbehandler, Jobcenter Roskilde)". */
export function personText(c: Pick<Contact, 'name' | 'title' | 'organisation'>): string {
  const rest = [c.title, c.organisation].map(collapse).filter(Boolean).join(', ');
  const name = collapse(c.name) || 'uden navn';
  return rest ? `${name} (${rest})` : name;
}

/** "1 indsats", "2 indsatser". */
export function countText(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}
