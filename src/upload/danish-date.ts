/**
 * Dates as a Danish referent writes them in Word: 1.5.2014, 01-05-2014, 1/5-2014,
 * 1. maj 2014, "torsdag d. 1. maj 2014", 2014-05-01. Anything else is reported as
 * unreadable rather than guessed.
 */
import { formatIsoDate, isRealDate } from '../shared/dates.js';

export type DanishDate = { kind: 'empty' } | { kind: 'date'; iso: string } | { kind: 'unreadable'; text: string };

const MONTHS: Record<string, number> = {
  januar: 1, jan: 1,
  februar: 2, feb: 2,
  marts: 3, mar: 3,
  april: 4, apr: 4,
  maj: 5,
  juni: 6, jun: 6,
  juli: 7, jul: 7,
  august: 8, aug: 8,
  september: 9, sep: 9, sept: 9,
  oktober: 10, okt: 10,
  november: 11, nov: 11,
  december: 12, dec: 12,
};

const WEEKDAY = '(?:mandag|tirsdag|onsdag|torsdag|fredag|lørdag|søndag)';
const PREFIX = new RegExp(`^(?:${WEEKDAY}\\s*,?\\s*)?(?:(?:den|d\\.)\\s*)?`, 'u');
const TIME_SUFFIX = /\s*,?\s*(?:kl\.?\s*\d{1,2}[.:]\d{2}|\d{1,2}:\d{2})(?:\s*-\s*\d{1,2}[.:]\d{2})?$/u;

const NUMERIC = /^(\d{1,2})\s*[./-]\s*(\d{1,2})(?:\s*[./-]\s*|\s+)(\d{2}|\d{4})$/u;
const ISO = /^(\d{4})-(\d{1,2})-(\d{1,2})$/u;
const NAMED = /^(\d{1,2})\s*\.?\s*([a-zæøå]+)\.?\s*,?\s*(\d{4})$/u;
/** Day and month without a year (1.10, 1/10, 1. okt): the year is given apart, as in "den ___1.10___ 20 14". */
const DAY_MONTH = /^(\d{1,2})\s*[./-]\s*(\d{1,2})\.?$/u;
const DAY_MONTH_NAMED = /^(\d{1,2})\s*\.?\s*([a-zæøå]+)\.?$/u;

function iso(year: number, month: number, day: number): string | undefined {
  return isRealDate(year, month, day) ? formatIsoDate({ year, month, day }) : undefined;
}

/** A two-digit year is this century's: plans are written and followed up now, not in the 1900s. */
function fullYear(y: string): number {
  return y.length === 2 ? 2000 + Number(y) : Number(y);
}

function normalise(text: string): string {
  return text
    .normalize('NFC')
    .toLowerCase()
    .replace(/[\u2010-\u2015\u2212]/gu, '-')
    .replace(/[_\u00a0\s]+/gu, ' ')
    .replace(/[\s.,;]+$/u, '')
    .trim();
}

/**
 * Reads a date. `year` is used only when the text has a day and a month but no year
 * (the follow-up line of the form prints the century apart).
 */
export function parseDanishDate(text: string, options: { year?: number } = {}): DanishDate {
  const original = text.trim();
  let s = normalise(text);
  if (s === '') return { kind: 'empty' };
  s = s.replace(PREFIX, '').replace(TIME_SUFFIX, '').replace(/[\s.,;]+$/u, '').trim();
  const unreadable: DanishDate = { kind: 'unreadable', text: original };
  const done = (v: string | undefined): DanishDate => (v ? { kind: 'date', iso: v } : unreadable);

  let m = ISO.exec(s);
  if (m) return done(iso(Number(m[1]), Number(m[2]), Number(m[3])));
  m = NUMERIC.exec(s);
  if (m) return done(iso(fullYear(m[3]!), Number(m[2]), Number(m[1])));
  m = NAMED.exec(s);
  if (m) {
    const month = MONTHS[m[2]!];
    return done(month ? iso(Number(m[3]), month, Number(m[1])) : undefined);
  }
  if (options.year !== undefined) {
    m = DAY_MONTH.exec(s);
    if (m) return done(iso(options.year, Number(m[2]), Number(m[1])));
    m = DAY_MONTH_NAMED.exec(s);
    if (m) {
      const month = MONTHS[m[2]!];
      return done(month ? iso(options.year, month, Number(m[1])) : undefined);
    }
  }
  return unreadable;
}
