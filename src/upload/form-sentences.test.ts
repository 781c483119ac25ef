import { describe, expect, it } from 'vitest';
import { followUpSentence, parseFollowUpDate } from './form-sentences.js';

describe('followUpSentence', () => {
  it.each([
    ['Opfølgende møde afholdes den 1.10.2014', ' 1.10.2014'],
    ['Opfølgende møde afholdes den___1.10___ 2014', '___1.10___ 2014'],
    ['opfølgende  møde afholdes d. 1/10-14', ' 1/10-14'],
    ['Opfølgningsmødet afholdes den 1. oktober 2014 kl. 10.00', ' 1. oktober 2014 kl. 10.00'],
  ])('%j → %j', (line, rest) => {
    expect(followUpSentence(line)).toBe(rest);
  });

  it('is not any sentence with a date', () => {
    expect(followUpSentence('Arbejdet er påbegyndt, følges op d. 1.10.2014')).toBeUndefined();
    expect(followUpSentence('Dato for opfølgning')).toBeUndefined();
  });
});

describe('parseFollowUpDate', () => {
  it.each([
    ['1.10.2014', '2014-10-01'],
    [' 1. oktober 2014', '2014-10-01'],
    ['___1.10___ 2014', '2014-10-01'],
    ['___1.10.___ 20__14__', '2014-10-01'],
    ['1.10 20 14', '2014-10-01'],
    ['1.10.20', '2020-10-01'],
    ['1/10-14 (max 6 mdr. efter udarbejdelsen af indsatsplanen)', '2014-10-01'],
    ['2014-10-01', '2014-10-01'],
  ])('%j → %s', (text, iso) => {
    expect(parseFollowUpDate(text)).toEqual({ kind: 'date', iso });
  });

  it('reads the blank as no date, and reports what is no date', () => {
    expect(parseFollowUpDate('___________ 20___')).toEqual({ kind: 'empty' });
    expect(parseFollowUpDate('  (max 6 mdr. efter udarbejdelsen af indsatsplanen)')).toEqual({ kind: 'empty' });
    expect(parseFollowUpDate('31.9 2014')).toEqual({ kind: 'unreadable', text: '31.9 2014' });
    expect(parseFollowUpDate('efter sommerferien 20__')).toEqual({ kind: 'unreadable', text: 'efter sommerferien 20' });
  });
});
