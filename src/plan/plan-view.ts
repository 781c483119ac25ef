/**
 * The plan as the official template prints it: ☒/☐ for the boxes, Danish dates
 * ("1. maj 2014"), numbered challenges and goals, one line per contact. The tags of
 * templates/indsatsplan.docx are the keys of PlanView.
 */
import { withoutXmlForbidden } from '../shared/document-text.js';
import { mapStrings } from '../shared/text-limits.js';
import { danishDateOf } from '../shared/dates.js';
import { EXISTING_PLAN_LABEL, FORM_TITLE, LABEL } from './labels.js';
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

/** What a draft says it is: in its title, its subject, at the top of its first page and of every page. */
export const DRAFT_MARK = 'KLADDE – ikke godkendt';

/** The meeting date for the document's title and running header: a real date or nothing (never free text). */
function meetingDateOnly(plan: Plan): string {
  return danishDateOf(plan.meetingDate) ?? '';
}

/** The title in the document's properties (and so the PDF's): never a CPR number or a diagnosis. */
export function planDocumentTitle(plan: Plan): string {
  return [FORM_TITLE, meetingDateOnly(plan), plan.status === 'draft' ? `(${DRAFT_MARK})` : ''].filter(Boolean).join(' ');
}

/**
 * The running header of every page: the form and the meeting's date, so that a loose page
 * can be put back in its plan. Never the citizen's name or CPR number: a page lies about.
 */
export function planRunningHeader(plan: Plan): string {
  const date = meetingDateOnly(plan);
  return date ? `${FORM_TITLE} · møde ${date}` : FORM_TITLE;
}

/**
 * A field of section 2 short enough for a row beside its label: one line, or two, which
 * never split across pages. A longer one gets a block of its own, under a heading row that
 * names the plan and the field and is repeated on every page the text runs onto.
 */
export const SHORT_FIELD_CHARS = 150;
const isShort = (text: string) => text.length <= SHORT_FIELD_CHARS && !/[\r\n]/.test(text);

/** Section 2 as printed: blocks, each a plan's short fields as rows under its name, or one long field. */
type ExistingPlanBlock =
  | { short: { heading: string; fields: Array<{ label: string; text: string }> }; long: false }
  | { short: false; long: { heading: string; text: string } };

function existingPlanBlocks(plan: Plan): ExistingPlanBlock[] {
  const fields = [
    ['status', LABEL.status],
    ['goal', LABEL.existingGoal],
    ['intervention', LABEL.existingIntervention],
  ] as const;
  const blocks: ExistingPlanBlock[] = [];
  for (const key of EXISTING_PLAN_KEYS) {
    const name = EXISTING_PLAN_LABEL[key];
    let rows: Array<{ label: string; text: string }> | undefined;
    for (const [field, label] of fields) {
      const text = plan.existingPlans[key][field];
      if (isShort(text)) {
        if (!rows) blocks.push({ short: { heading: name, fields: (rows = []) }, long: false });
        rows.push({ label, text });
      } else {
        blocks.push({ short: false, long: { heading: `${name} – ${label}`, text } });
        rows = undefined;
      }
    }
  }
  return blocks;
}

/**
 * Text as Word can hold it: CR LF as one line break, and no characters XML 1.0 forbids
 * (control characters, lone surrogates), which would make the .docx unreadable.
 */
export function wordText(s: string): string {
  // Validation has removed them from the plan already (with a warning); the view's own words pass here too.
  return withoutXmlForbidden(s.includes('\r') ? s.replace(/\r\n?/g, '\n') : s);
}

/** The last page, "Ændringer siden planen af …", when the plan is rendered beside a previous one (src/follow-up/). */
export interface ChangesPageView {
  heading: string;
  intro: string;
  /** The sections with changes, each with its changes; empty when nothing changed. */
  sections: Array<{ title: string; changes: Array<{ label: string; message: string }> }>;
}

export function buildPlanView(plan: Plan, changesPage?: ChangesPageView) {
  // Every string of the view through wordText, the structure unchanged.
  return mapStrings(viewOf(plan, changesPage), wordText);
}

/**
 * The last item apart (none or one), for a list whose last item the template keeps on the
 * page of what follows it, a note box.
 */
const beforeLast = <T>(items: T[]): T[] => items.slice(0, -1);
const last = <T>(items: T[]): T[] => items.slice(-1);

function viewOf(plan: Plan, changesPage: ChangesPageView | undefined) {
  const challenges = plan.challenges.map((text, i) => ({ number: i + 1, text }));
  const goals = plan.goals.map((g, i) => ({
    number: i + 1,
    title: g.title,
    interventions: g.interventions,
    interventionsBeforeLast: beforeLast(g.interventions),
    lastIntervention: last(g.interventions),
  }));
  const grounds = Object.fromEntries(
    GROUND_KEYS.map((k) => [groundBoxKey(k), box(plan.grounds[k])]),
  ) as Record<`box${Capitalize<(typeof GROUND_KEYS)[number]>}`, string>;
  return {
    documentTitle: planDocumentTitle(plan),
    documentSubject: plan.status === 'draft' ? `${DRAFT_MARK}: ${FORM_TITLE}` : FORM_TITLE,
    runningHeader: planRunningHeader(plan),
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
    existingPlanBlocks: existingPlanBlocks(plan),
    // The template numbers them with a list of the document's own (a list for a screen reader too).
    challenges,
    goals,
    // The last challenge, goal and intervention are kept with the section's note box.
    challengesBeforeLast: beforeLast(challenges),
    lastChallenge: last(challenges),
    goalsBeforeLast: beforeLast(goals),
    lastGoal: last(goals),
    // The blank form's own line when there is no date yet.
    followUpDate: danishDate(plan.followUpDate) || '___________ 20___',
    changesPage: changesPage ?? false,
  };
}

export type PlanView = ReturnType<typeof buildPlanView>;
