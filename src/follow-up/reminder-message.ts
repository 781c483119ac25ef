/**
 * The coordinator's reminder of a follow-up. The subject is what an inbox list or a mail
 * server's log shows: the date only. The citizen's name is only in the body, which travels
 * encrypted (secure e-mail, TLS enforced); the link carries the follow-up's id and nothing else.
 */
import { danishDateOf } from '../shared/dates.js';
import type { FollowUpRecord } from './follow-up-store.js';

/** The invitation page pre-filled for the follow-up meeting. */
export function followUpInvitationPath(followUpId: string): string {
  return `/invitation?opfoelgning=${encodeURIComponent(followUpId)}`;
}

export function reminderSubject(f: Pick<FollowUpRecord, 'followUpDate'>): string {
  return `Påmindelse: opfølgende koordinationsmøde senest ${danishDateOf(f.followUpDate) ?? f.followUpDate}`;
}

/** `overdue`: the date has passed already (the service was down, or the plan came late). */
export function reminderText(f: FollowUpRecord, o: { publicUrl: string; organisation: string; overdue: boolean }): string {
  const date = danishDateOf(f.followUpDate) ?? f.followUpDate;
  const meeting = danishDateOf(f.meetingDate);
  return [
    `Kære ${f.coordinator.name || f.coordinator.email}`,
    '',
    `Den koordinerende indsatsplan for ${f.citizenName}${meeting ? ` fra koordinationsmødet den ${meeting}` : ''} skal følges op senest den ${date}.`,
    o.overdue
      ? 'Datoen er overskredet. Indkald til det opfølgende koordinationsmøde hurtigst muligt.'
      : 'Husk at indkalde til det opfølgende koordinationsmøde, hvor I evaluerer planens mål og indsatser og ændrer det nødvendige.',
    '',
    'Invitationen er forudfyldt med deltagerne fra planen og opfølgningsdatoen:',
    `${o.publicUrl}${followUpInvitationPath(f.id)}`,
    '',
    'Beskeden er sendt med sikker e-mail. Send den ikke videre med almindelig e-mail.',
    '',
    'Venlig hilsen',
    `Indsatsplan, ${f.coordinator.organisation || o.organisation}`,
  ].join('\n');
}
