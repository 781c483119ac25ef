/**
 * What the referent does about each problem of an uploaded plan: the correction is made in the
 * Word file, which is then saved and uploaded again. Where the problem says which field and what
 * it needs, the step names it; the rest get the general step. Also why a final PDF cannot be
 * made yet, and why not even a draft, in the same words the page shows beside the list.
 */
import { draftOf } from '../plan/draft-plan.js';
import { LABEL } from '../plan/labels.js';
import type { Plan } from '../plan/schema.js';
import type { ProblemItem } from '../shared/problem.js';

const AGAIN = 'gem den, og upload den igen';
const q = (label: string) => `»${label}«`;
const fill = (what: string) => `Skriv ${what} i Word-filen, ${AGAIN}.`;

/** The general step, for every problem without a more precise one. */
export const CORRECT_AND_UPLOAD = `Ret det i Word-filen, ${AGAIN}.`;

/** The step for an error, by its code. */
const ERROR_STEP: Record<string, string> = {
  'citizen.name.missing': fill('borgerens navn'),
  'citizen.cpr.missing': fill('borgerens cpr-nummer'),
  'cpr.format': `Ret cpr-nummeret i Word-filen, så det har 10 cifre (DDMMÅÅ-LLLL), ${AGAIN}.`,
  'cpr.date': `Ret cpr-nummeret i Word-filen, ${AGAIN}.`,
  'grounds.none': `Sæt mindst ét kryds under ${q(LABEL.grounds)} i Word-filen, ${AGAIN}.`,
  'consent.missing': `Sæt kryds ved enten Ja eller Nej ved ${q(LABEL.consent)} i Word-filen, ${AGAIN}.`,
  'consent.refused': `Er krydset sat forkert, så ret det i Word-filen, ${AGAIN}.`,
  'coordinator.missing': fill('koordinatorens navn'),
  'participant.name.missing': `Skriv deltagerens navn, eller slet rækken, i Word-filen, ${AGAIN}.`,
  'participants.none': fill('mindst én deltager'),
  'meetingDate.missing': fill('datoen for koordinationsmødet (fx 1.5.2014)'),
  'followUp.missing': fill('datoen for opfølgning (fx 1.10.2014)'),
  'date.invalid': `Ret datoen i Word-filen (fx 1.5.2014), ${AGAIN}.`,
  'followUp.not-after-meeting': `Ret ${q(LABEL.followUpDate)} i Word-filen, ${AGAIN}.`,
  'followUp.too-late': `Ret ${q(LABEL.followUpDate)} i Word-filen, ${AGAIN}.`,
  'approval.missing': `Når borgeren har godkendt planen: sæt kryds ved Ja ved ${q(LABEL.approvedByCitizen)} i Word-filen, ${AGAIN}.`,
  'challenges.none': fill('mindst én udfordring under 3.'),
  'goals.none': fill('mindst ét mål med en indsats under 4.'),
  'goal.title.missing': fill('målet'),
  'goal.interventions.none': fill('mindst én indsats under målet'),
  'intervention.task.missing': `Skriv indsatsen, eller slet rækken, i Word-filen, ${AGAIN}.`,
  'intervention.responsible.missing': fill('hvem der har ansvaret for indsatsen'),
  'plan.too-long': `Forkort teksten i Word-filen, ${AGAIN}.`,
  'upload.box-unclear': `Ret afkrydsningen i Word-filen, ${AGAIN}.`,
  'upload.date-unreadable': `Ret datoen i Word-filen, ${AGAIN}.`,
  'upload.field-missing': `Hent en tom Word-blanket på denne side, og kopier planens tekst over i den; ${AGAIN}.`,
};

/** A warning does not stop the plan: the step is to look, and correct only what is wrong. */
const WARNING_STEP: Record<string, string> = {
  'cpr.modulus11': `Kontroller cpr-nummeret. Er det forkert, så ret det i Word-filen, ${AGAIN}.`,
};
const CHECK_IT = `Kontroller det. Er det forkert, så ret det i Word-filen, ${AGAIN}.`;

export type WithStep<T> = T & { action: string };

/** A Ja/Nej answer the reader could not read needs what an unanswered one needs. */
const ANSWER_STEP: Record<string, string | undefined> = {
  '/consent': ERROR_STEP['consent.missing'],
  '/approvedByCitizen': ERROR_STEP['approval.missing'],
};

export function errorWithStep<T extends ProblemItem>(p: T): WithStep<T> {
  const answer = p.code === 'upload.box-unclear' ? ANSWER_STEP[p.path] : undefined;
  return { ...p, action: answer ?? ERROR_STEP[p.code] ?? CORRECT_AND_UPLOAD };
}

export function warningWithStep<T extends ProblemItem>(p: T): WithStep<T> {
  return { ...p, action: WARNING_STEP[p.code] ?? CHECK_IT };
}

export interface PdfChoice {
  available: boolean;
  /** Why not, and what to do; null when it is available. */
  reason: string | null;
}

/** Which PDFs the plan read can be made as, and why not. */
export function pdfChoices(reading: { asRead: Plan | undefined; parsed: boolean; errors: readonly ProblemItem[] }): { final: PdfChoice; draft: PdfChoice } {
  const draft = draftOf(reading);
  const draftChoice: PdfChoice = { available: draft.refused === undefined, reason: draft.refused ?? null };
  if (reading.parsed && reading.errors.length === 0) return { final: { available: true, reason: null }, draft: draftChoice };
  const onlyApproval = reading.errors.every((p) => p.path === '/approvedByCitizen');
  const n = reading.errors.length;
  const why = onlyApproval
    ? `Borgeren har ikke godkendt planen: der er ikke sat kryds ved Ja ved ${q(LABEL.approvedByCitizen)}. Når borgeren har godkendt den, så sæt krydset i Word-filen, ${AGAIN}.`
    : `Planen har ${n === 1 ? '1 fejl' : `${n} fejl`}. Ret ${n === 1 ? 'den' : 'dem'} i Word-filen, ${AGAIN}.`;
  const meanwhile = draftChoice.available ? ' Indtil da kan du hente en kladde af det læste.' : '';
  return { final: { available: false, reason: `Den endelige PDF kan ikke laves endnu. ${why}${meanwhile}` }, draft: draftChoice };
}
