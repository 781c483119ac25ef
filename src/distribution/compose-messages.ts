/**
 * The words that go with the documents. Subjects, labels and file names are what an
 * inbox list or a mail server's log shows: they carry neither the citizen's name nor a
 * CPR number nor anything about health; the name is only inside the encrypted message.
 */
import { danishDateOf } from '../shared/dates.js';
import type { RecipientRole } from './distribution-records.js';

/** What the messages of one plan distribution say besides the documents. */
export interface PlanMessageContext {
  citizenName: string;
  meetingDate: string | null;
  coordinatorName: string;
  organisation: string;
}

export function mailSubject(meta: PlanMessageContext): string {
  const date = danishDateOf(meta.meetingDate);
  return date ? `Koordinerende indsatsplan fra koordinationsmødet den ${date}` : 'Koordinerende indsatsplan';
}

export function mailText(role: RecipientRole, name: string, meta: PlanMessageContext): string {
  const date = danishDateOf(meta.meetingDate);
  const meeting = date ? ` fra koordinationsmødet den ${date}` : '';
  // Bilag 1: the plan is enclosed with the treatment plan, the action plan etc., and its
  // decisions are written into them.
  const what =
    role === 'coordinator'
      ? ['Planen er vedhæftet både som Word-fil (.docx), så du kan arbejde videre i den, og som PDF.']
      : [
          'Planen er vedhæftet som PDF.',
          'Husk at vedlægge den som bilag til de eksisterende planer, den vedrører (fx behandlingsplan eller handleplan), og at skrive beslutningerne ind i dem.',
        ];
  // The coordinator's own copy is not signed by the coordinator.
  const sender = role === 'coordinator' ? [`Indsatsplan, ${meta.organisation}`] : [meta.coordinatorName, meta.organisation];
  return [
    `Kære ${name}`,
    '',
    `Her er den koordinerende indsatsplan for ${meta.citizenName}${meeting}, godkendt af borgeren.`,
    ...what,
    '',
    'Beskeden og planen indeholder fortrolige personoplysninger: send dem kun videre med sikker e-mail.',
    '',
    'Venlig hilsen',
    ...sender,
  ].join('\n');
}

/** The title in the Digital Post inbox. */
export function digitalPostLabel(role: RecipientRole): string {
  return role === 'citizen' ? 'Din koordinerende indsatsplan' : 'Koordinerende indsatsplan';
}
