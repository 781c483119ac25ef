import { describe, expect, it } from 'vitest';
import { addDays, copenhagenToday, followUpState, reminderDate } from './follow-up-dates.js';

describe('follow-up dates', () => {
  it('counts days across months, years and a leap day', () => {
    expect(addDays('2014-10-01', -21)).toBe('2014-09-10');
    expect(addDays('2014-12-31', 1)).toBe('2015-01-01');
    expect(addDays('2016-03-01', -1)).toBe('2016-02-29');
    expect(reminderDate('2014-10-01', 21)).toBe('2014-09-10');
  });

  it('takes today from Copenhagen: Danish midnight, in summer and in winter', () => {
    expect(copenhagenToday(Date.parse('2014-09-09T21:59:59Z'))).toBe('2014-09-09');
    expect(copenhagenToday(Date.parse('2014-09-09T22:00:00Z'))).toBe('2014-09-10');
    expect(copenhagenToday(Date.parse('2014-12-09T22:59:59Z'))).toBe('2014-12-09');
    expect(copenhagenToday(Date.parse('2014-12-09T23:00:00Z'))).toBe('2014-12-10');
  });

  it('is upcoming before the reminder day, due from it through the date, overdue after', () => {
    expect(followUpState('2014-10-01', '2014-09-09', 21)).toBe('upcoming');
    expect(followUpState('2014-10-01', '2014-09-10', 21)).toBe('due');
    expect(followUpState('2014-10-01', '2014-10-01', 21)).toBe('due');
    expect(followUpState('2014-10-01', '2014-10-02', 21)).toBe('overdue');
  });
});
