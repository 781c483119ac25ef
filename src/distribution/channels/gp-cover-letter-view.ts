/**
 * The data of templates/gp-cover-letter.docx (its tags are this view's keys). The
 * address field, which shows through the envelope's window, gets only the GP's postal
 * address: nothing about the citizen, nor about who sends it.
 */
import { danishDate } from '../../plan/plan-view.js';
import type { Plan } from '../../plan/schema.js';
import { copenhagenDate, formatDanishDate } from '../../shared/dates.js';
import { AppError } from '../../shared/errors.js';

/** Lines the address field holds at 11 pt under the return line, without clipping. */
export const MAX_ADDRESS_LINES = 6;

const lines = (text: string) =>
  text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);

export type GeneralPractitioner = NonNullable<Plan['generalPractitioner']>;

export interface GpCoverLetterInput {
  gp: GeneralPractitioner;
  plan: Plan;
  /** The sending organisation, named once: in the letterhead. */
  organisation: string;
  date?: Date;
}

export function buildGpCoverLetterView({ gp, plan, organisation, date = new Date() }: GpCoverLetterInput) {
  const postal = lines(gp.address);
  if (postal.length === 0) {
    throw new AppError('distribution-invalid', 'Lægens postadresse mangler, så brevet kan ikke laves.');
  }
  const addressLines = [...new Set([...lines(gp.name), ...lines(gp.clinic), ...postal])];
  if (addressLines.length > MAX_ADDRESS_LINES) {
    throw new AppError('distribution-invalid', `Lægens adresse fylder mere end ${MAX_ADDRESS_LINES} linjer og kan ikke stå i kuvertens rude.`);
  }
  const c = plan.coordinator;
  // The organisation is in the letterhead only: here the coordinator, to be reached directly.
  const senderLines = [c.name, c.title, c.phone && `Tlf. ${c.phone}`, c.email].map((l) => l.trim()).filter(Boolean);
  return {
    organisation,
    address: addressLines.join('\n'),
    senderDetails: senderLines.join('\n'),
    date: formatDanishDate(copenhagenDate(date)),
    citizenName: plan.citizen.name.trim(),
    citizenCpr: plan.citizen.cpr.trim(),
    meetingDate: plan.meetingDate ? `den ${danishDate(plan.meetingDate)}` : '',
    coordinatorName: c.name.trim(),
    coordinatorTitle: c.title.trim(),
  };
}

