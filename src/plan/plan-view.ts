/**
 * The plan as the official template prints it: ☒/☐ for the boxes, Danish dates
 * ("1. maj 2014"), numbered challenges and goals, one line per contact. The tags of
 * templates/indsatsplan.docx are the keys of PlanView.
 */
import { withoutXmlForbidden } from '../shared/document-text.js';
import { danishDateOf } from '../shared/dates.js';
import { EXISTING_PLAN_LABEL, FORM_TITLE } from './labels.js';
import { EXISTING_PLAN_KEYS, type Contact, type Plan } from './schema.js';

/** The box glyphs the service writes: in the printed plan, in the fillable form's checkboxes, for a legacy checkbox read as text. */
export const BOX_CHECKED = '☒';
export const BOX_EMPTY = '☐';

export const GROUND_KEYS = ['inPsychiatricTreatment', 'inSubstanceTreatment', 'needsPsychiatricTreatment', 'needsSubstanceTreatment'] as const;

/** "2014-05-01" → "1. maj 2014"; anything that is not a real ISO date is printed as given. */
export function danishDate(iso: string | null | undefined): string {
  return danishDateOf(iso) ?? iso ?? '';
}

/** The template tag of a Grundlag box: inPsychiatricTreatment → boxInPsychiatricTreatment. */
export function groundBoxKey<K extends (typeof GROUND_KEYS)[number]>(k: K): `box${Capitalize<K>}` {
  return `box${k[0]!.toUpperCase()}${k.slice(1)}` as `box${Capitalize<K>}`;
}

const box = (v: boolean | null | undefined) => (v === true ? BOX_CHECKED : BOX_EMPTY);

interface PersonView {
  name: string;
  /** ", stilling, organisation" after the name (no leading comma without a name). */
  details: string;
  /** "Tlf. … · e-mail". */
  contact: string;
}

function person(c: Contact): PersonView {
  const rest = [c.title, c.organisation].map((s) => s.trim()).filter(Boolean).join(', ');
  const contact = [c.phone.trim() ? `Tlf. ${c.phone.trim()}` : '', c.email.trim()].filter(Boolean).join(' · ');
  return { name: c.name.trim(), details: rest ? (c.name.trim() ? `, ${rest}` : rest) : '', contact };
}

const hasAny = (c: Contact) => Object.values(c).some((v) => typeof v === 'string' && v.trim() !== '');

/** The title in the document's properties (and so the PDF's): never a CPR number or a diagnosis. */
export function planDocumentTitle(plan: Plan): string {
  const date = danishDate(plan.meetingDate);
  return [FORM_TITLE, date, plan.status === 'draft' ? '(kladde)' : ''].filter(Boolean).join(' ');
}

/**
 * Text as Word can hold it: CR LF as one line break, and no characters XML 1.0 forbids
 * (control characters, lone surrogates), which would make the .docx unreadable.
 */
export function wordText(s: string): string {
  // Validation has removed them from the plan already (with a warning); the view's own words pass here too.
  return withoutXmlForbidden(s.replace(/\r\n?/g, '\n'));
}

/** Every string of the view through wordText, the structure unchanged. */
function cleanDeep<T>(v: T): T {
  if (typeof v === 'string') return wordText(v) as T;
  if (Array.isArray(v)) return v.map(cleanDeep) as T;
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, cleanDeep(x)])) as T;
  return v;
}

/** The last page, "Ændringer siden planen af …", when the plan is rendered beside a previous one (src/follow-up/). */
export interface ChangesPageView {
  heading: string;
  intro: string;
  /** The sections with changes, each with its changes; empty when nothing changed. */
  sections: Array<{ title: string; changes: Array<{ label: string; message: string }> }>;
}

export function buildPlanView(plan: Plan, changesPage?: ChangesPageView) {
  return cleanDeep(viewOf(plan, changesPage));
}

function viewOf(plan: Plan, changesPage: ChangesPageView | undefined) {
  const grounds = Object.fromEntries(
    GROUND_KEYS.map((k) => [groundBoxKey(k), box(plan.grounds[k])]),
  ) as Record<`box${Capitalize<(typeof GROUND_KEYS)[number]>}`, string>;
  return {
    documentTitle: planDocumentTitle(plan),
    isDraft: plan.status === 'draft',
    citizenName: plan.citizen.name,
    citizenCpr: plan.citizen.cpr,
    citizenAddress: plan.citizen.address,
    citizenPhone: plan.citizen.phone,
    ...grounds,
    consentYes: box(plan.consent === true),
    consentNo: box(plan.consent === false),
    approvedYes: box(plan.approvedByCitizen === true),
    approvedNo: box(plan.approvedByCitizen === false),
    hasCoordinator: hasAny(plan.coordinator),
    coordinator: hasAny(plan.coordinator) ? person(plan.coordinator) : false,
    participants: plan.participants.map((p) => ({ ...person(p), attendance: p.attended ? 'Deltog i mødet' : 'Meldte afbud' })),
    meetingDate: danishDate(plan.meetingDate),
    existingPlans: EXISTING_PLAN_KEYS.map((k) => ({ name: EXISTING_PLAN_LABEL[k], ...plan.existingPlans[k] })),
    challenges: plan.challenges.map((text, i) => ({ number: i + 1, text })),
    goals: plan.goals.map((g, i) => ({ number: i + 1, title: g.title, interventions: g.interventions })),
    // The blank form's own line when there is no date yet.
    followUpDate: danishDate(plan.followUpDate) || '___________ 20___',
    changesPage: changesPage ?? false,
  };
}

export type PlanView = ReturnType<typeof buildPlanView>;
