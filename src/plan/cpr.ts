/**
 * The Danish CPR number (DDMMYY-SSSS): its format, the birth date it encodes (the
 * century comes from the 7th digit) and the old modulus 11 check. Failing modulus 11
 * does not make a number invalid: numbers without it have been issued since 2007.
 */
import { isRealDate, type CalendarDate } from '../shared/dates.js';

const CPR_FORMAT = /^(\d{2})(\d{2})(\d{2})-?(\d)(\d{3})$/;
const MODULUS11_WEIGHTS = [4, 3, 2, 7, 6, 5, 4, 3, 2, 1] as const;

export type CprCheck =
  | { valid: false; reason: 'format' | 'date' }
  | { valid: true; birthDate: CalendarDate; modulus11: boolean };

/**
 * The birth year from the two-digit year and the 7th digit:
 * 0–3 → 1900s; 4 or 9 → 2000–2036 if YY ≤ 36, else 1900s; 5–8 → 2000–2057 if YY ≤ 57, else 1858–1899.
 */
export function cprBirthYear(yy: number, seventhDigit: number): number {
  if (seventhDigit <= 3) return 1900 + yy;
  if (seventhDigit === 4 || seventhDigit === 9) return (yy <= 36 ? 2000 : 1900) + yy;
  return (yy <= 57 ? 2000 : 1800) + yy;
}

/** The weighted digit sum (weights 4,3,2,7,6,5,4,3,2,1) is divisible by 11. */
export function passesModulus11(digits: string): boolean {
  if (!/^\d{10}$/.test(digits)) return false;
  const sum = MODULUS11_WEIGHTS.reduce((acc, w, i) => acc + w * Number(digits[i]), 0);
  return sum % 11 === 0;
}

/** Checks a CPR number: 10 digits with an optional dash after the 6th, and a real birth date. */
export function checkCpr(text: string): CprCheck {
  const m = CPR_FORMAT.exec(text.trim());
  if (!m) return { valid: false, reason: 'format' };
  const [day, month, yy, seventh] = [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4])];
  const year = cprBirthYear(yy, seventh);
  if (!isRealDate(year, month, day)) return { valid: false, reason: 'date' };
  return { valid: true, birthDate: { year, month, day }, modulus11: passesModulus11(`${m[1]}${m[2]}${m[3]}${m[4]}${m[5]}`) };
}
