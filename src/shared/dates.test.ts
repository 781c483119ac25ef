import { describe, expect, it } from 'vitest';
import {
  addMonths,
  copenhagenDate,
  copenhagenIsoDate,
  copenhagenOffsetMinutes,
  danishDateOf,
  daysBetween,
  formatDanishClock,
  formatDanishDate,
  formatDanishWeekdayDate,
  formatIsoDate,
  formatOffset,
  isLeapYear,
  parseIsoDate,
  parseOffsetDateTime,
} from './dates.js';

const d = (s: string) => {
  const parsed = parseIsoDate(s);
  if (!parsed) throw new Error(`not a date: ${s}`);
  return parsed;
};

describe('dates', () => {
  it('knows the leap years of the Gregorian calendar', () => {
    expect([1900, 1996, 1997, 2000, 2100].map(isLeapYear)).toEqual([false, true, false, true, false]);
  });

  it('parses only real ISO dates', () => {
    expect(parseIsoDate('2014-05-01')).toEqual({ year: 2014, month: 5, day: 1 });
    expect(parseIsoDate('2016-02-29')).toEqual({ year: 2016, month: 2, day: 29 });
    for (const bad of ['2015-02-29', '2014-04-31', '2014-00-10', '2014-5-1', '2014-05-01 ', '20140501', '']) expect(parseIsoDate(bad), bad).toBeUndefined();
  });

  it('adds months, ending on the last day of a shorter month', () => {
    expect(addMonths(d('2014-05-01'), 6)).toEqual(d('2014-11-01'));
    expect(addMonths(d('2014-08-31'), 6)).toEqual(d('2015-02-28'));
    expect(addMonths(d('2015-08-31'), 6)).toEqual(d('2016-02-29'));
    expect(addMonths(d('2014-12-31'), 6)).toEqual(d('2015-06-30'));
    expect(addMonths(d('2014-11-15'), 1)).toEqual(d('2014-12-15'));
  });

  it('counts days across months, years and DST changes', () => {
    expect(daysBetween(d('2014-04-03'), d('2014-05-01'))).toBe(28);
    expect(daysBetween(d('2014-03-29'), d('2014-03-31'))).toBe(2);
    expect(daysBetween(d('2015-12-31'), d('2016-03-01'))).toBe(61);
    expect(daysBetween(d('2014-05-01'), d('2014-04-30'))).toBe(-1);
  });

  it('writes dates the Danish way, with or without the weekday, and as ISO', () => {
    expect(formatDanishDate(d('2015-02-28'))).toBe('28. februar 2015');
    expect(formatDanishWeekdayDate(d('2026-12-03'))).toBe('torsdag den 3. december 2026');
    expect(formatIsoDate({ year: 987, month: 5, day: 1 })).toBe('0987-05-01');
  });

  it('prints a plan\'s ISO date as the form does, and nothing for what is not a real date', () => {
    expect(danishDateOf('2014-05-01')).toBe('1. maj 2014');
    for (const none of [null, undefined, '', '2014-02-30', '1.5.2014']) expect(danishDateOf(none), String(none)).toBeNull();
  });
});

describe('times in Copenhagen', () => {
  const at = (s: string) => {
    const parsed = parseOffsetDateTime(s);
    if (!parsed) throw new Error(`not a time: ${s}`);
    return parsed;
  };

  it('parses ISO 8601 with its offset, and nothing without one or that does not exist', () => {
    expect(at('2026-12-03T10:00:00+01:00').toISOString()).toBe('2026-12-03T09:00:00.000Z');
    expect(at('2026-12-03T09:00Z').toISOString()).toBe('2026-12-03T09:00:00.000Z');
    for (const bad of ['2026-12-03T10:00:00', '2026-02-30T10:00Z', '2026-12-03T24:00Z', '2026-12-03 10:00Z', '']) expect(parseOffsetDateTime(bad), bad).toBeUndefined();
  });

  it('shows the wall clock and the day in Copenhagen, whatever offset was given', () => {
    // 23.30 UTC on 31 December is already New Year's Day in Copenhagen.
    const late = at('2026-12-31T23:30:00Z');
    expect(copenhagenDate(late)).toEqual({ year: 2027, month: 1, day: 1 });
    expect(copenhagenIsoDate(late)).toBe('2027-01-01');
    expect(formatDanishClock(late)).toBe('00.30');
    expect(formatDanishClock(at('2026-06-04T08:00:00Z'))).toBe('10.00');
  });

  it('gives each instant its own date, asked one after another across midnight and within a minute', () => {
    const days = ['2026-12-03T22:59:00Z', '2026-12-03T22:59:59.999Z', '2026-12-03T23:00:00Z', '2026-06-04T21:59:30Z', '2026-06-04T22:00:00Z', '2026-12-03T22:59:30Z'].map((s) => copenhagenIsoDate(at(s)));
    expect(days).toEqual(['2026-12-03', '2026-12-03', '2026-12-04', '2026-06-04', '2026-06-05', '2026-12-03']);
    // A caller that changes the date it got does not change the next answer.
    const date = copenhagenDate(at('2026-12-03T10:00:00Z'));
    date.day = 31;
    expect(copenhagenDate(at('2026-12-03T10:00:30Z'))).toEqual({ year: 2026, month: 12, day: 3 });
  });

  it('knows the offset in winter and summer, as ISO 8601 writes it', () => {
    expect(copenhagenOffsetMinutes(at('2026-01-15T12:00Z'))).toBe(60);
    expect(copenhagenOffsetMinutes(at('2026-07-15T12:00Z'))).toBe(120);
    expect([60, 120, -330].map(formatOffset)).toEqual(['+01:00', '+02:00', '-05:30']);
  });
});
