/** What a client sees of a follow-up: its state on the caller's day, the people, and where to invite them. */
import { z } from 'zod';
import type { FollowUpRecord } from './follow-up-store.js';
import { FOLLOW_UP_STATE_LABEL, FOLLOW_UP_STATES, followUpState, reminderDate } from './follow-up-dates.js';
import { followUpInvitationPath } from './reminder-message.js';

const date = (description: string) => z.string().meta({ description, format: 'date', examples: ['2014-10-01'] });

export const FollowUpPersonSchema = z
  .object({ name: z.string(), organisation: z.string(), email: z.string().meta({ description: 'Sikker e-mailadresse fra planen; kan være tom' }) })
  .meta({ id: 'FollowUpPerson' });

export const FollowUpSchema = z
  .object({
    id: z.string(),
    state: z.enum(FOLLOW_UP_STATES).meta({
      description:
        'upcoming: før påmindelsesdagen; due: fra påmindelsesdagen til og med opfølgningsdatoen; overdue: datoen er passeret, og ingen nyere plan er sendt',
    }),
    stateLabel: z.string(),
    overdue: z.boolean(),
    followUpDate: date('Dato for opfølgning (planens)'),
    meetingDate: date('Datoen for det koordinationsmøde, planen blev lavet på'),
    reminderDate: date('Dagen, koordinatoren får påmindelsen med sikker e-mail'),
    reminderSentAt: z.string().nullable().meta({ description: 'Hvornår påmindelsen blev sendt af sted; null indtil da' }),
    reminderDistributionId: z.string().nullable().meta({ description: 'Påmindelsens udsendelse (GET /api/distributions/{id})' }),
    citizen: z.object({ name: z.string() }),
    coordinator: FollowUpPersonSchema,
    participants: z.array(FollowUpPersonSchema).meta({ description: 'Deltagerne i koordinationsmødet, de inviterede til det opfølgende møde' }),
    invitationUrl: z.string().meta({ description: 'Invitationssiden forudfyldt til det opfølgende møde; adressen bærer kun opfølgningens id' }),
  })
  .meta({ id: 'FollowUp', description: 'En sendt plans opfølgning: aldrig cpr-nummer, diagnose eller planens tekst' });
export type FollowUpView = z.infer<typeof FollowUpSchema>;

export const FollowUpListSchema = z
  .object({
    today: date('Dagen i dag (dansk tid), som tilstandene er regnet fra'),
    reminderDays: z.number().int().meta({ description: 'Dage før opfølgningsdatoen, påmindelsen sendes (FOLLOW_UP_REMINDER_DAYS)' }),
    followUps: z.array(FollowUpSchema),
  })
  .meta({ id: 'FollowUpList' });

export function describeFollowUp(f: FollowUpRecord, today: string, reminderDays: number): FollowUpView {
  const state = followUpState(f.followUpDate, today, reminderDays);
  return {
    id: f.id,
    state,
    stateLabel: FOLLOW_UP_STATE_LABEL[state],
    overdue: state === 'overdue',
    followUpDate: f.followUpDate,
    meetingDate: f.meetingDate,
    reminderDate: reminderDate(f.followUpDate, reminderDays),
    reminderSentAt: f.remindedAt,
    reminderDistributionId: f.remindedAt ? f.reminderDistributionId : null,
    citizen: { name: f.citizenName },
    coordinator: f.coordinator,
    participants: f.participants,
    invitationUrl: followUpInvitationPath(f.id),
  };
}
