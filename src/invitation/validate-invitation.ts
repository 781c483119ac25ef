/**
 * Validates an invitation: first its structure (the zod schema), then the rules that make
 * a meeting invitation usable. Every problem is reported at once, in the plan's format.
 */
import type { z } from 'zod';
import { AppError } from '../shared/errors.js';
import { schemaMessage, toPointer, type ProblemItem } from '../shared/problem.js';
import { containsCprLike } from '../shared/redact.js';
import { documentSizeProblems, forEachString } from '../shared/text-limits.js';
import { removeForbiddenCharacters, unprintableCharacterWarnings } from '../shared/document-text.js';
import { unknownFieldWarnings } from '../shared/unknown-fields.js';
import { BundleIncludeSchema, InvitationBundleRequestSchema, InvitationSchema, type Invitation } from './schema.js';
import { copenhagenIsoDate, copenhagenOffsetMinutes, formatDanishClock, formatOffset, parseIsoDate, parseOffsetDateTime } from '../shared/dates.js';
import { HEADING, LABEL } from './texts.js';

export interface InvitationValidation {
  /** The parsed invitation with defaults filled in; undefined only if its structure is unusable. */
  invitation: Invitation | undefined;
  errors: ProblemItem[];
  warnings: ProblemItem[];
}

export interface ValidateOptions {
  /** The time of the request: the meeting must lie after it. */
  now: Date;
}

/** Addresses that are safe to put in a mailto: URI and an e-mail header as they are. */
const EMAIL = /^[^\s@<>(),;:"[\]\\]+@[^\s@<>(),;:"[\]\\]+\.[^\s@<>(),;:"[\]\\]+$/;

export function isEmail(value: string): boolean {
  return EMAIL.test(value);
}

const topLabel: Record<string, string> = {
  citizen: LABEL.citizenName,
  start: LABEL.start,
  end: LABEL.end,
  location: LABEL.location,
  coordinator: LABEL.coordinator,
  invitees: LABEL.invitees,
  previousMeetingDate: LABEL.previousMeetingDate,
  meeting: LABEL.meeting,
  purpose: HEADING.purpose,
  message: HEADING.message,
  sequence: 'Revisionsnummer',
  showCitizenNameInCalendar: 'Borgerens navn i kalenderen',
  include: LABEL.include,
};
/** The form label of a top-level field; the invitation as a whole for anything else. */
const labelOf = (key: PropertyKey | undefined): string => topLabel[String(key ?? '')] ?? 'Invitationen';

function structureProblem(issue: z.core.$ZodIssue, input: unknown): ProblemItem {
  const label = labelOf(issue.path[0]);
  return { code: `structure.${issue.code}`, path: toPointer(issue.path), label, message: `»${label}«: ${schemaMessage(issue, input)}` };
}

export function validateInvitation(input: unknown, options: ValidateOptions): InvitationValidation {
  const parsed = InvitationSchema.safeParse(input);
  if (!parsed.success) return { invitation: undefined, errors: parsed.error.issues.map((i) => structureProblem(i, input)), warnings: [] };
  const labelAt = (path: ReadonlyArray<PropertyKey>) => labelOf(path[0]);
  // Every route gets the same clean text: what a document cannot hold is gone before anything is checked or made.
  const { document: inv, warnings: textWarnings } = removeForbiddenCharacters(parsed.data, labelAt);
  const errors: ProblemItem[] = documentSizeProblems(inv, { code: 'invitation.too-long', subject: 'Invitationen', labelAt });
  const warnings: ProblemItem[] = [];
  const error = (code: string, path: string, label: string, message: string) => errors.push({ code, path, label, message });
  const warning = (code: string, path: string, label: string, message: string) => warnings.push({ code, path, label, message });

  if (!inv.citizen.name.trim()) error('citizen.name.missing', '/citizen/name', LABEL.citizenName, 'Borgerens navn mangler.');

  const start = checkTime(inv.start, 'start', LABEL.start, error, warning);
  const end = checkTime(inv.end, 'end', LABEL.end, error, warning);
  if (start && start.getTime() <= options.now.getTime()) {
    error('start.past', '/start', LABEL.start, 'Mødet skal ligge efter tidspunktet for invitationen; tidspunktet er allerede passeret.');
  }
  if (start && end && end.getTime() <= start.getTime()) {
    error('end.beforeStart', '/end', LABEL.end, 'Mødets afslutning skal ligge efter dets start.');
  }

  const { address, videoLink } = inv.location;
  if (!address.trim() && !videoLink.trim()) {
    error('location.missing', '/location', LABEL.location, 'Angiv mødestedet: en adresse (og gerne lokale) eller et link til et videomøde.');
  }
  if (videoLink.trim() && !isHttpsUrl(videoLink.trim())) {
    error('location.videoLink.format', '/location/videoLink', LABEL.videoLink, 'Linket til videomødet skal være en https-adresse.');
  }

  if (!inv.coordinator.name.trim()) error('coordinator.name.missing', '/coordinator/name', LABEL.coordinatorName, 'Koordinatorens navn mangler.');
  const coordinatorEmail = inv.coordinator.email.trim();
  if (!coordinatorEmail) {
    error('coordinator.email.missing', '/coordinator/email', LABEL.coordinatorEmail, 'Koordinatorens sikre e-mailadresse mangler; den bruges til afbud og som arrangør af mødet.');
  } else if (!isEmail(coordinatorEmail)) {
    error('coordinator.email.format', '/coordinator/email', LABEL.coordinatorEmail, 'Koordinatorens e-mailadresse er ikke gyldig.');
  }

  if (inv.invitees.length === 0) error('invitees.none', '/invitees', LABEL.invitees, 'Der skal være mindst én inviteret.');
  const seen = new Set<string>();
  inv.invitees.forEach((invitee, i) => {
    if (!invitee.name.trim()) error('invitees.name.missing', `/invitees/${i}/name`, LABEL.inviteeName, `Inviteret nr. ${i + 1} mangler et navn.`);
    const email = invitee.email.trim();
    if (!email) {
      const who = invitee.name.trim() || `Inviteret nr. ${i + 1}`;
      warning('invitees.email.missing', `/invitees/${i}/email`, LABEL.inviteeEmail, `${who} har ingen e-mailadresse og får ingen kalenderinvitation; inviter vedkommende på anden måde (fx Digital Post, brev eller telefon).`);
    } else if (!isEmail(email)) {
      error('invitees.email.format', `/invitees/${i}/email`, LABEL.inviteeEmail, `E-mailadressen for inviteret nr. ${i + 1} er ikke gyldig.`);
    } else if (seen.has(email.toLowerCase())) {
      warning('invitees.email.duplicate', `/invitees/${i}/email`, LABEL.inviteeEmail, `E-mailadressen for inviteret nr. ${i + 1} står der allerede; vedkommende inviteres kun én gang.`);
    } else {
      seen.add(email.toLowerCase());
    }
  });

  const previous = inv.previousMeetingDate?.trim() ?? '';
  if (inv.meeting === 'followUp' && !previous) {
    error('previousMeetingDate.missing', '/previousMeetingDate', LABEL.previousMeetingDate, 'Et opfølgende møde skal henvise til datoen for forrige koordinationsmøde.');
  }
  if (previous) {
    const date = parseIsoDate(previous);
    if (!date) {
      error('previousMeetingDate.format', '/previousMeetingDate', LABEL.previousMeetingDate, 'Datoen skal skrives som ÅÅÅÅ-MM-DD og være en rigtig dato.');
    } else if (start && previous >= copenhagenIsoDate(start)) {
      error('previousMeetingDate.notBefore', '/previousMeetingDate', LABEL.previousMeetingDate, 'Forrige koordinationsmøde skal ligge før dette møde.');
    }
  }

  // The invitation has no CPR field; a CPR number typed anywhere would reach the calendar or a file.
  // The id is only ever hashed, and video links carry long meeting numbers, so those two are spared.
  forEachString(inv, (value, path) => {
    const pointer = toPointer(path);
    if (pointer !== '/id' && pointer !== '/location/videoLink' && containsCprLike(value)) {
      error('cpr.present', pointer, labelOf(path[0]), 'Invitationen må ikke indeholde et cpr-nummer. Fjern det.');
    }
  });

  // `include` is known: the bundle and distribution routes take it, and the web page sends it to all.
  const unknown = unknownFieldWarnings(InvitationBundleRequestSchema, input, labelAt);
  return { invitation: inv, errors, warnings: [...warnings, ...textWarnings, ...unprintableCharacterWarnings(inv, labelAt), ...unknown] };
}

/** The bundle's `include` member; its problems carry paths under /include. */
export function validateBundleInclude(input: unknown): { include: z.infer<typeof BundleIncludeSchema> | undefined; errors: ProblemItem[] } {
  const raw = input && typeof input === 'object' ? (input as Record<string, unknown>).include : undefined;
  const parsed = BundleIncludeSchema.safeParse(raw ?? {});
  if (parsed.success) return { include: parsed.data, errors: [] };
  return { include: undefined, errors: parsed.error.issues.map((i) => structureProblem({ ...i, path: ['include', ...i.path] }, input)) };
}

/** Throws the 422 problem unless the invitation can be produced. */
export function requireValidInvitation(v: InvitationValidation): Invitation {
  if (!v.invitation || v.errors.length > 0) {
    throw new AppError('invitation-invalid', 'Invitationen har fejl, der skal rettes, før den kan laves.', {
      extensions: { errors: v.errors, warnings: v.warnings },
    });
  }
  return v.invitation;
}

function checkTime(
  value: string,
  field: 'start' | 'end',
  label: string,
  error: (code: string, path: string, label: string, message: string) => void,
  warning: (code: string, path: string, label: string, message: string) => void,
): Date | undefined {
  if (!value.trim()) {
    error(`${field}.missing`, `/${field}`, label, `${label} mangler.`);
    return undefined;
  }
  const instant = parseOffsetDateTime(value.trim());
  if (!instant) {
    error(`${field}.format`, `/${field}`, label, `${label} skal skrives som dato og klokkeslæt med tidszone, fx 2026-12-03T10:00:00+01:00.`);
    return undefined;
  }
  const given = /([+-]\d{2}:\d{2}|Z)$/.exec(value.trim())?.[1];
  const danish = formatOffset(copenhagenOffsetMinutes(instant));
  if (given && given !== 'Z' && given !== danish) {
    warning(
      `${field}.offset`,
      `/${field}`,
      label,
      `Tidspunktet er angivet med tidszonen ${given}, men dansk tid er ${danish} på den dato; invitationen viser kl. ${formatDanishClock(instant)} dansk tid.`,
    );
  }
  return instant;
}

function isHttpsUrl(value: string): boolean {
  try {
    return new URL(value).protocol === 'https:';
  } catch {
    return false;
  }
}
