import { describe, expect, it } from 'vitest';
import { addMonths, daysBetween, formatDanishDate, isLeapYear, parseIsoDate } from './dates.js';

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

  it('writes dates the Danish way', () => {
    expect(formatDanishDate(d('2015-02-28'))).toBe('28. februar 2015');
  });
});
