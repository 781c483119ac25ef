/**
 * The one table of the fillable form's fields: each content control's tag (a stable key),
 * its alias (a Danish title, unique per field, because LibreOffice keeps the alias but
 * drops the tag), its placeholder and where its value goes in the plan. The generator
 * writes the controls from it and the reader finds them again with it.
 */
import { EXISTING_PLAN_KEYS, type ExistingPlanKey } from '../plan/schema.js';
import { EXISTING_PLAN_LABEL, GROUND_TEXT, LABEL } from '../plan/labels.js';
import { FORM_HINT } from '../plan/form-hints.js';

/**
 * text: one line; multiline: line breaks allowed; date: read as a Danish date;
 * box: a checkbox of its own; yes/no: the Ja/Nej halves of one answer at `path`;
 * contact: free text naming people as the official form asks ("navn, stilling,
 * organisation og kontaktoplysninger"), read as the traditional form is read.
 */
export type FieldKind = 'text' | 'multiline' | 'date' | 'box' | 'yes' | 'no' | 'contact';

/** Where a field lives: in the plan itself, or in one row of a table whose rows repeat. */
export type FieldScope = 'plan' | 'participant' | 'challenge' | 'goal' | 'intervention';

export interface FormField {
  /** `w:tag`: stable, e.g. `citizen.name`, `participants[].name`. */
  key: string;
  /** `w:alias`: the Danish title Word shows on the control; unique per field. */
  alias: string;
  kind: FieldKind;
  scope: FieldScope;
  /** The value's place in the plan (scope plan) or in the row's item (other scopes); [] for a challenge. */
  path: readonly string[];
  /** Shown while the control is empty; text fields only. */
  placeholder: string;
  /** The official form's label, for problems. */
  label: string;
  /** Fixed text the form prints before the control in the same paragraph ("Navn: "). */
  lead?: string;
  /**
   * The label of the row the control sits in, so that a value typed over a deleted control
   * is still found in its row: a master-data label, or an existing plan and its part
   * (the plan's name in a merged first cell, the part in the second).
   */
  row?: string | readonly [plan: string, part: string];
}

const DATE_HINT = '[dd.mm.åååå]';
/** Section 5's blank as the official form prints it: "Opfølgende møde afholdes den ___________ 20___". */
export const FOLLOW_UP_BLANK = '___________ 20___';

const field = (key: string, alias: string, kind: FieldKind, scope: FieldScope, path: readonly string[], placeholder: string, label: string): FormField => ({
  key,
  alias,
  kind,
  scope,
  path,
  placeholder,
  label,
});

/** A contact's parts: the key, the word the form uses for it, its placeholder. */
const CONTACT_PARTS = [
  ['name', 'Navn'],
  ['title', 'Stilling'],
  ['organisation', 'Organisation'],
  ['phone', 'Telefon'],
  ['email', 'Sikker e-mail'],
] as const;

/**
 * A known person's parts, each a control of its own, so that a pre-filled form reads back
 * exactly. Forms before the official layout had the coordinator's parts as lines led by
 * their word (the lead is kept for reading those) and the participants' as columns.
 */
const contact = (prefix: 'coordinator' | 'participants[]', aliasPrefix: string, scope: FieldScope): FormField[] => {
  const coordinator = prefix === 'coordinator';
  const label = coordinator ? LABEL.coordinator : LABEL.participants;
  return CONTACT_PARTS.map(([part, word]) => ({
    ...field(`${prefix}.${part}`, `${aliasPrefix}: ${word.toLowerCase()}`, 'text', scope, coordinator ? ['coordinator', part] : [part], `[${word}]`, label),
    ...(coordinator ? { lead: `${word}: `, row: LABEL.coordinator } : {}),
  }));
};

/** Short names of the existing plans for the aliases (the full labels are too long for a title). */
const EXISTING_SHORT: Record<ExistingPlanKey, string> = {
  drugTreatment: 'Stofmisbrugsplan',
  alcoholTreatment: 'Alkoholplan',
  psychiatricTreatment: 'Psykiatrisk behandlingsplan',
  dischargeAgreement: 'Udskrivningsaftale',
  coordinationPlan: 'Koordinationsplan',
  socialActionPlan: 'Social handleplan',
  educationOrJobPlan: 'Uddannelses- eller jobplan',
  other: 'Anden plan',
};

const EXISTING_PARTS = [
  ['status', 'status', LABEL.status],
  ['goal', 'mål', LABEL.existingGoal],
  ['intervention', 'indsats', LABEL.existingIntervention],
] as const;

const GROUND_ALIAS = {
  inPsychiatricTreatment: 'Grundlag 1: i psykiatrisk behandling',
  inSubstanceTreatment: 'Grundlag 2: i stof- eller alkoholbehandling',
  needsPsychiatricTreatment: 'Grundlag 3: behov for psykiatrisk behandling',
  needsSubstanceTreatment: 'Grundlag 4: behov for stof- eller alkoholbehandling',
} as const;

export const GOAL_TITLE_PLACEHOLDER = '[Beskriv mål – fx deltagelse i stofmisbrugsbehandling eller fastholdelse i psykiatrisk behandling]';

export const FORM_FIELDS: readonly FormField[] = [
  ...[
    field('citizen.name', 'Borgerens navn', 'text', 'plan', ['citizen', 'name'], '[Navn]', LABEL.name),
    field('citizen.cpr', 'Borgerens cpr-nummer', 'text', 'plan', ['citizen', 'cpr'], '[DDMMÅÅ-LLLL]', LABEL.cpr),
    field('citizen.address', 'Borgerens adresse', 'multiline', 'plan', ['citizen', 'address'], '[Adresse]', LABEL.address),
    field('citizen.phone', 'Borgerens telefon', 'text', 'plan', ['citizen', 'phone'], '[Telefon]', LABEL.phone),
  ].map((f) => ({ ...f, row: f.label })),
  ...(Object.keys(GROUND_ALIAS) as Array<keyof typeof GROUND_ALIAS>).map((k) =>
    field(`grounds.${k}`, GROUND_ALIAS[k], 'box', 'plan', ['grounds', k], '', GROUND_TEXT[k]),
  ),
  field('consent.yes', 'Samtykke: Ja', 'yes', 'plan', ['consent'], '', LABEL.consent),
  field('consent.no', 'Samtykke: Nej', 'no', 'plan', ['consent'], '', LABEL.consent),
  { ...field('coordinator', 'Koordinator', 'contact', 'plan', ['coordinator'], FORM_HINT.coordinator, LABEL.coordinator), row: LABEL.coordinator },
  ...contact('coordinator', 'Koordinator', 'plan'),
  { ...field('participants[]', 'Deltagere i koordinationsmødet', 'contact', 'participant', [], FORM_HINT.participants, LABEL.participants), row: LABEL.participants },
  ...contact('participants[]', 'Deltager', 'participant'),
  field('participants[].attended', 'Deltager: deltog', 'box', 'participant', ['attended'], '', LABEL.participants),
  { ...field('meetingDate', 'Dato for koordinationsmødet', 'date', 'plan', ['meetingDate'], DATE_HINT, LABEL.meetingDate), row: LABEL.meetingDate },
  field('approvedByCitizen.yes', 'Godkendt af borger: Ja', 'yes', 'plan', ['approvedByCitizen'], '', LABEL.approvedByCitizen),
  field('approvedByCitizen.no', 'Godkendt af borger: Nej', 'no', 'plan', ['approvedByCitizen'], '', LABEL.approvedByCitizen),
  ...EXISTING_PLAN_KEYS.flatMap((k) =>
    EXISTING_PARTS.map(([part, word, label]) =>
      ({
        ...field(`existingPlans.${k}.${part}`, `${EXISTING_SHORT[k]}: ${word}`, 'multiline', 'plan', ['existingPlans', k, part], `[${label}]`, `${EXISTING_PLAN_LABEL[k]}: ${label}`),
        row: [EXISTING_PLAN_LABEL[k], label] as const,
      }),
    ),
  ),
  field('challenges[]', 'Udfordring', 'multiline', 'challenge', [], '[Udfordring]', LABEL.challenges),
  field('goals[].title', 'Mål', 'multiline', 'goal', ['title'], GOAL_TITLE_PLACEHOLDER, LABEL.goal),
  field('goals[].interventions[].task', 'Indsats eller opgave', 'multiline', 'intervention', ['task'], '[Indsats eller opgave]', LABEL.task),
  field('goals[].interventions[].successCriteria', 'Succeskriterier', 'multiline', 'intervention', ['successCriteria'], '[Succeskriterier]', LABEL.successCriteria),
  field('goals[].interventions[].responsible', 'Rollefordeling', 'multiline', 'intervention', ['responsible'], '[Hvem har ansvaret?]', LABEL.responsible),
  field('goals[].interventions[].timeline', 'Tidsplan', 'multiline', 'intervention', ['timeline'], '[Tidsplan]', LABEL.timeline),
  { ...field('followUpDate', 'Dato for opfølgning', 'date', 'plan', ['followUpDate'], FOLLOW_UP_BLANK, LABEL.followUpDate), lead: `${FORM_HINT.followUpLine} `, row: LABEL.followUpDate },
];

/** Aliases are compared loosely: Word and LibreOffice keep them, but people retype them. */
export function normaliseAlias(alias: string): string {
  return alias.normalize('NFC').replace(/\s+/gu, ' ').trim().toLowerCase();
}

const BY_KEY = new Map(FORM_FIELDS.map((f) => [f.key, f]));
const BY_ALIAS = new Map(FORM_FIELDS.map((f) => [normaliseAlias(f.alias), f]));

/** The field of a control, by its tag, else by its alias. */
export function fieldOf(tag: string | undefined, alias: string | undefined): FormField | undefined {
  if (tag !== undefined) {
    const byTag = BY_KEY.get(tag.trim());
    if (byTag) return byTag;
  }
  return alias !== undefined ? BY_ALIAS.get(normaliseAlias(alias)) : undefined;
}

export function fieldByKey(key: string): FormField {
  const f = BY_KEY.get(key);
  if (!f) throw new Error(`Unknown form field ${key}`);
  return f;
}

/** Every placeholder text, normalised: LibreOffice keeps a placeholder as ordinary text. */
export const PLACEHOLDERS = new Set(FORM_FIELDS.filter((f) => f.placeholder).map((f) => f.placeholder));
