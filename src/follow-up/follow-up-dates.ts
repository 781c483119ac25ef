/**
 * The days of a follow-up, as days in the Danish calendar (`YYYY-MM-DD`, compared as text):
 * "today" is the date in Copenhagen at the injected clock's instant, so a reminder is due from
 * Danish midnight of its day, not from UTC's.
 */
import { copenhagenIsoDate } from '../shared/dates.js';

/** A follow-up record is deleted this many days after its date (README, "Follow-ups"). */
export const FOLLOW_UP_RETENTION_DAYS = 30;

export const FOLLOW_UP_STATES = ['upcoming', 'due', 'overdue'] as const;
export type FollowUpState = (typeof FOLLOW_UP_STATES)[number];

export const FOLLOW_UP_STATE_LABEL: Record<FollowUpState, string> = {
  upcoming: 'Kommende',
  due: 'Skal planlægges nu',
  overdue: 'Overskredet',
};

export function copenhagenToday(now: number): string {
  return copenhagenIsoDate(new Date(now));
}

/** `YYYY-MM-DD` plus (or minus) whole days. */
export function addDays(isoDate: string, days: number): string {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** The day the coordinator is reminded: `reminderDays` before the follow-up. */
export function reminderDate(followUpDate: string, reminderDays: number): string {
  return addDays(followUpDate, -reminderDays);
}

/**
 * upcoming: before the reminder day; due: from the reminder day through the follow-up date;
 * overdue: the date has passed and no newer plan has ended it.
 */
export function followUpState(followUpDate: string, today: string, reminderDays: number): FollowUpState {
  if (followUpDate < today) return 'overdue';
  return reminderDate(followUpDate, reminderDays) <= today ? 'due' : 'upcoming';
}
