/**
 * Meeting times: parsed from ISO 8601 with their offset, shown in Danish local time
 * (Europe/Copenhagen), whatever offset the caller used.
 */

import { isRealDate, parseIsoDate } from '../shared/dates.js';

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

export interface LocalParts {
  year: number;
  month: number;
  day: number;
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

const dateFormat = new Intl.DateTimeFormat('da-DK', { timeZone: TIME_ZONE, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
const clockFormat = new Intl.DateTimeFormat('da-DK', { timeZone: TIME_ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
const plainDateFormat = new Intl.DateTimeFormat('da-DK', { timeZone: 'UTC', weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });

/** "torsdag den 3. december 2026" in Copenhagen. */
export function formatDanishDate(instant: Date): string {
  return dateFormat.format(instant);
}

/** "10.00" in Copenhagen. */
export function formatDanishClock(instant: Date): string {
  return clockFormat.format(instant);
}

/** "torsdag den 3. december 2026 kl. 10.00–11.30"; a meeting past midnight names both days. */
export function formatMeetingTime(start: Date, end: Date): string {
  const startDay = formatDanishDate(start);
  const endDay = formatDanishDate(end);
  if (startDay === endDay) return `${startDay} kl. ${formatDanishClock(start)}–${formatDanishClock(end)}`;
  return `${startDay} kl. ${formatDanishClock(start)} til ${endDay} kl. ${formatDanishClock(end)}`;
}

/** A calendar date (`YYYY-MM-DD`) in words: "torsdag den 4. juni 2026"; the input itself if malformed. */
export function formatIsoDateInDanish(value: string): string {
  const d = parseIsoDate(value);
  if (!d) return value;
  return plainDateFormat.format(new Date(Date.UTC(d.year, d.month - 1, d.day, 12)));
}

/** The Copenhagen calendar date of an instant as `YYYY-MM-DD` (for file names). */
export function copenhagenIsoDate(instant: Date): string {
  const l = copenhagenParts(instant);
  return `${l.year}-${String(l.month).padStart(2, '0')}-${String(l.day).padStart(2, '0')}`;
}
