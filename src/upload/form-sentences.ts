/**
 * The official form's sentence that carries a date of its own, wherever a referent wrote
 * it: "Opfølgende møde afholdes den ___________ 20___" (Bilag 1, section 5), filled in
 * place ("den___1.10___ 2014"), or retyped as "Opfølgende møde afholdes den 1.10.2014".
 */
import { parseDanishDate, type DanishDate } from './danish-date.js';

/** The sentence's lead, as the form prints it and as it is retyped ("Opfølgningsmødet afholdes d. …"). */
const FOLLOW_UP_LEAD = /opfølg[\p{L}-]*\s+(?:møde\s+)?afholdes\s*(?:den(?!\p{L})|d\.)?/iu;

/** What follows the follow-up sentence's lead on its line, or undefined when the line does not hold it. */
export function followUpSentence(line: string): string | undefined {
  const m = FOLLOW_UP_LEAD.exec(line);
  return m ? line.slice(m.index + m[0].length) : undefined;
}

/**
 * The date in the follow-up line's blank: the form prints the century apart ("20___"), so
 * a day and month before it take their year from what was written after the 20. The
 * form's "(max 6 mdr. …)" after the blank is not part of it.
 */
export function parseFollowUpDate(text: string): DanishDate {
  const cleaned = text
    .replace(/\(max[^)]*\)?.*/isu, '')
    .replace(/_+/gu, ' ')
    .replace(/\s+/gu, ' ')
    .trim();
  if (cleaned === '') return { kind: 'empty' };
  const whole = parseDanishDate(cleaned);
  if (whole.kind !== 'unreadable') return whole;
  const century = /^(.*?)\s*\b20\s*(\d{2})?$/u.exec(cleaned);
  if (!century) return whole;
  const body = century[1]!.replace(/[\s./-]+$/u, '').trim();
  if (body === '' && !century[2]) return { kind: 'empty' };
  const d = parseDanishDate(body, { year: century[2] ? 2000 + Number(century[2]) : undefined });
  return d.kind === 'date' ? d : { kind: 'unreadable', text: cleaned };
}
