/**
 * Dates in the Danish calendar and times in Danish local time, for every capability.
 *
 * A calendar date (the plan's meeting and follow-up dates) is a (year, month, day) without
 * a time zone: compared and counted as such, it never goes through local time. A point in
 * time (an invitation's start) is parsed from ISO 8601 with its offset and shown as the
 * wall clock in Copenhagen, whatever offset the caller used.
 */

export interface CalendarDate {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

const MONTH_NAMES_DA = ['januar', 'februar', 'marts', 'april', 'maj', 'juni', 'juli', 'august', 'september', 'oktober', 'november', 'december'];

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  return [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
}

/** True when the day exists in the calendar (29 February only in a leap year). */
export function isRealDate(year: number, month: number, day: number): boolean {
  return Number.isInteger(year) && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** Parses a strict ISO `YYYY-MM-DD` date; undefined when the text is not one or the day does not exist. */
export function parseIsoDate(text: string): CalendarDate | undefined {
  const m = ISO_DATE.exec(text);
  if (!m) return undefined;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return isRealDate(year, month, day) ? { year, month, day } : undefined;
}

/** Days since 1970-01-01, for comparing and counting. */
function dayNumber(d: CalendarDate): number {
  return Date.UTC(d.year, d.month - 1, d.day) / 86_400_000;
}

export function compareDates(a: CalendarDate, b: CalendarDate): number {
  return dayNumber(a) - dayNumber(b);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: CalendarDate, to: CalendarDate): number {
  return dayNumber(to) - dayNumber(from);
}

/**
 * Adds calendar months. A day that does not exist in the target month becomes that
 * month's last day (31 August + 6 months = 28/29 February), as a deadline counted in months does.
 */
export function addMonths(d: CalendarDate, months: number): CalendarDate {
  const index = d.year * 12 + (d.month - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return { year, month, day: Math.min(d.day, daysInMonth(year, month)) };
}

/** `2014-05-01` */
export function formatIsoDate(d: CalendarDate): string {
  return `${String(d.year).padStart(4, '0')}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
}

/** `1. november 2014`, as the form prints a date. */
export function formatDanishDate(d: CalendarDate): string {
  return `${d.day}. ${MONTH_NAMES_DA[d.month - 1]} ${d.year}`;
}

/**
 * A plan's ISO date as the form prints it: `2014-05-01` → `1. maj 2014`; null for no date or
 * anything that is not a real one (each caller says what stands instead).
 */
export function danishDateOf(iso: string | null | undefined): string | null {
  const d = iso ? parseIsoDate(iso) : undefined;
  return d ? formatDanishDate(d) : null;
}

const weekdayDateFormat = new Intl.DateTimeFormat('da-DK', { timeZone: 'UTC', weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });

/** `torsdag den 3. december 2026`, as an invitation names a day. */
export function formatDanishWeekdayDate(d: CalendarDate): string {
  return weekdayDateFormat.format(new Date(Date.UTC(d.year, d.month - 1, d.day, 12)));
}

export const TIME_ZONE = 'Europe/Copenhagen';

/** ISO 8601 date-time with seconds optional and an offset (Z or ±hh:mm) required. */
const OFFSET_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-](\d{2}):(\d{2}))$/;

/** The instant of a date-time with offset, or undefined when it is malformed or not a real time. */
export function parseOffsetDateTime(value: string): Date | undefined {
  const m = OFFSET_DATE_TIME.exec(value);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s = '0', , oh = '0', om = '0'] = m;
  if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 59 || Number(oh) > 14 || Number(om) > 59) return undefined;
  if (!isRealDate(Number(y), Number(mo), Number(d))) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

export interface LocalParts extends CalendarDate {
  hour: number;
  minute: number;
  second: number;
}

const partsFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: TIME_ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** The wall-clock time in Copenhagen at an instant. */
export function copenhagenParts(instant: Date): LocalParts {
  const p = Object.fromEntries(partsFormat.formatToParts(instant).map((x) => [x.type, x.value]));
  return { year: Number(p.year), month: Number(p.month), day: Number(p.day), hour: Number(p.hour), minute: Number(p.minute), second: Number(p.second) };
}

/**
 * The calendar date in Copenhagen at an instant. The last answer is kept for its minute (every
 * instant of a minute has the same date there): validating a plan asks for today's, and the
 * time zone's formatter was 0.08 ms of each request.
 */
export function copenhagenDate(instant: Date): CalendarDate {
  const minute = Math.floor(instant.getTime() / 60_000);
  if (minute !== lastDate.minute) {
    const { year, month, day } = copenhagenParts(instant);
    lastDate = { minute, date: { year, month, day } };
  }
  return { ...lastDate.date };
}
let lastDate: { minute: number; date: CalendarDate } = { minute: NaN, date: { year: 0, month: 0, day: 0 } };

/** The Copenhagen calendar date of an instant as `YYYY-MM-DD` (for file names). */
export function copenhagenIsoDate(instant: Date): string {
  return formatIsoDate(copenhagenDate(instant));
}

/** Copenhagen's offset from UTC at an instant, in minutes (60 in winter, 120 in summer). */
export function copenhagenOffsetMinutes(instant: Date): number {
  const l = copenhagenParts(instant);
  const asUtc = Date.UTC(l.year, l.month - 1, l.day, l.hour, l.minute, l.second);
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
}

/** The offset as written in ISO 8601, e.g. +01:00. */
export function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const a = Math.abs(minutes);
  return `${sign}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}

const clockFormat = new Intl.DateTimeFormat('da-DK', { timeZone: TIME_ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** `10.00` in Copenhagen. */
export function formatDanishClock(instant: Date): string {
  return clockFormat.format(instant);
}
