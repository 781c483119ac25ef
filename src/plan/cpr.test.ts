import { describe, expect, it } from 'vitest';
import { checkCpr, cprBirthYear, passesModulus11 } from './cpr.js';

const birthDate = (cpr: string) => {
  const c = checkCpr(cpr);
  return c.valid ? `${c.birthDate.year}-${String(c.birthDate.month).padStart(2, '0')}-${String(c.birthDate.day).padStart(2, '0')}` : c.reason;
};

describe('cprBirthYear: the century from the 7th digit', () => {
  it.each([0, 1, 2, 3])('7th digit %i: always the 1900s', (d) => {
    expect(cprBirthYear(0, d)).toBe(1900);
    expect(cprBirthYear(36, d)).toBe(1936);
    expect(cprBirthYear(99, d)).toBe(1999);
  });

  it.each([4, 9])('7th digit %i: 2000–2036 when YY ≤ 36, else the 1900s', (d) => {
    expect(cprBirthYear(0, d)).toBe(2000);
    expect(cprBirthYear(36, d)).toBe(2036);
    expect(cprBirthYear(37, d)).toBe(1937);
    expect(cprBirthYear(99, d)).toBe(1999);
  });

  it.each([5, 6, 7, 8])('7th digit %i: 2000–2057 when YY ≤ 57, else 1858–1899', (d) => {
    expect(cprBirthYear(0, d)).toBe(2000);
    expect(cprBirthYear(57, d)).toBe(2057);
    expect(cprBirthYear(58, d)).toBe(1858);
    expect(cprBirthYear(99, d)).toBe(1899);
  });
});

describe('checkCpr', () => {
  it('reads the birth date with and without the dash', () => {
    expect(birthDate('070761-4285')).toBe('1961-07-07');
    expect(birthDate('0707614285')).toBe('1961-07-07');
    expect(birthDate(' 070761-4285 ')).toBe('1961-07-07');
    expect(birthDate('010105-4000')).toBe('2005-01-01');
    expect(birthDate('010160-5000')).toBe('1860-01-01');
    expect(birthDate('010120-6000')).toBe('2020-01-01');
    expect(birthDate('010137-9000')).toBe('1937-01-01');
  });

  it('accepts 1 January 1980 numbers that fail modulus 11 (issued since 2007), flagging only the check', () => {
    for (const cpr of ['010180-4000', '010180-4001', '010180-4002', '0101802003']) {
      expect(passesModulus11(cpr.replace('-', ''))).toBe(false);
      expect(checkCpr(cpr)).toEqual({ valid: true, birthDate: { year: 1980, month: 1, day: 1 }, modulus11: false });
    }
  });

  it('reports modulus 11 for a number that passes it', () => {
    // 0·4+7·3+0·2+7·7+6·6+1·5+4·4+2·3+8·2+5·1 = 154 = 14·11
    expect(checkCpr('070761-4285')).toEqual({ valid: true, birthDate: { year: 1961, month: 7, day: 7 }, modulus11: true });
    expect(passesModulus11('0707614286')).toBe(false);
  });

  it.each(['', '010180', '010180-400', '010180-40000', '01018-04000', '010180 4000', '010180--4000', 'abcdef-ghij', '010180-400a', '٠١٠١٨٠٤٠٠٠'])(
    'rejects the format of %j',
    (cpr) => {
      expect(checkCpr(cpr)).toEqual({ valid: false, reason: 'format' });
    },
  );

  it.each(['320180-4000', '311180-4000', '000180-4000', '010080-4000', '011380-4000', '310480-4000'])('rejects %s: no such day', (cpr) => {
    expect(checkCpr(cpr)).toEqual({ valid: false, reason: 'date' });
  });

  describe('29 February in leap and non-leap years and centuries', () => {
    it.each([
      ['290200-0000', 'date', '1900: divisible by 100, not by 400'],
      ['290200-3000', 'date', '1900'],
      ['290200-4000', '2000-02-29', '2000: divisible by 400'],
      ['290200-9000', '2000-02-29', '2000'],
      ['290200-5000', '2000-02-29', '2000'],
      ['290296-1000', '1996-02-29', '1996'],
      ['290297-1000', 'date', '1997'],
      ['290236-4000', '2036-02-29', '2036'],
      ['290240-4000', '1940-02-29', '1940 (YY > 36 with digit 4)'],
      ['290237-4000', 'date', '1937'],
      ['290260-5000', '1860-02-29', '1860'],
      ['290258-8000', 'date', '1858'],
      ['290256-8000', '2056-02-29', '2056'],
    ])('%s → %s (%s)', (cpr, expected) => {
      expect(birthDate(cpr)).toBe(expected);
    });
  });
});
