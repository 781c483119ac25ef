import { describe, expect, it } from 'vitest';
import { parseDanishDate } from './danish-date.js';

const date = (text: string, year?: number) => parseDanishDate(text, { year });

describe('parseDanishDate', () => {
  it.each([
    ['1.5.2014', '2014-05-01'],
    ['01.05.2014', '2014-05-01'],
    ['01-05-2014', '2014-05-01'],
    ['1/5-2014', '2014-05-01'],
    ['1/5/2014', '2014-05-01'],
    ['1.5.14', '2014-05-01'],
    ['1. maj 2014', '2014-05-01'],
    ['1 maj 2014', '2014-05-01'],
    ['1. Maj 2014.', '2014-05-01'],
    ['1. okt. 2014', '2014-10-01'],
    ['24. december 2026', '2026-12-24'],
    ['den 1.5.2014', '2014-05-01'],
    ['d. 1.5.2014', '2014-05-01'],
    ['torsdag d. 1. maj 2014', '2014-05-01'],
    ['Torsdag den 1/5-2014 kl. 10.00', '2014-05-01'],
    ['2014-05-01', '2014-05-01'],
    ['  1.5.2014\n', '2014-05-01'],
    ['1 . 5 . 2014', '2014-05-01'],
    ['1.10 2014', '2014-10-01'],
    ['29.2.2016', '2016-02-29'],
  ])('reads %j as %s', (text, iso) => {
    expect(date(text)).toEqual({ kind: 'date', iso });
  });

  it('uses the separate year only when the text has none', () => {
    expect(date('1.10', 2014)).toEqual({ kind: 'date', iso: '2014-10-01' });
    expect(date('1. okt', 2014)).toEqual({ kind: 'date', iso: '2014-10-01' });
    expect(date('1.10.2015', 2014)).toEqual({ kind: 'date', iso: '2015-10-01' });
    expect(date('1.10').kind).toBe('unreadable');
  });

  it.each([' ', '', '___', '\u00a0'])('treats %j as empty', (text) => {
    expect(date(text)).toEqual({ kind: 'empty' });
  });

  it.each(['31.2.2014', '29.2.2015', '1.13.2014', '32.1.2014', 'snart', 'maj 2014', '1. mej 2014', 'uge 22', '2014', '1.5.2014 eller 2.5.2014', '5/1'])(
    'does not guess %j',
    (text) => {
      expect(date(text)).toEqual({ kind: 'unreadable', text: text.trim() });
    },
  );
});
