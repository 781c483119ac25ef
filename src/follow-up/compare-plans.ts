/**
 * What changed from one plan to the next, section by section of the form: goals and
 * interventions added, removed, reworded or moved (matched by content and position, see
 * align-lists.ts), new responsible parties and deadlines, participants who joined or left,
 * grounds, consent and dates. Each change names the form's label, where it is in both
 * plans (JSON Pointers) and says in Danish what happened.
 */
import { toPointer } from '../shared/problem.js';
import { goalLabel, labelAt } from '../plan/field-label.js';
import { GROUND_TEXT, LABEL, SECTION } from '../plan/labels.js';
import { GROUND_KEYS } from '../plan/plan-view.js';
import { EXISTING_PLAN_KEYS, type Contact, type Goal, type Intervention, type Plan } from '../plan/schema.js';
import { alignLists, overlap, PairBudget, wordSet, type Words } from './align-lists.js';
import {
  boxState,
  collapse,
  countText,
  dateText,
  describeTextChange,
  identity,
  personText,
  quote,
  sameText,
  yesNo,
} from './describe-change.js';
import { SECTION_KEYS, type ChangeCode, type PlanChange, type PlanComparison, type SectionKey } from './schema.js';

type Path = ReadonlyArray<string | number>;
type Scalar = string | boolean | null;

interface ChangeInput {
  code: ChangeCode;
  message: string;
  previousPath?: Path;
  currentPath?: Path;
  previous?: Scalar;
  current?: Scalar;
  /** Default: the form's label at the current path (else the previous one). */
  label?: string;
}

/**
 * More changes than this help nobody, and would let a small hostile body (thousands of
 * one-word interventions) produce a huge answer: the comparison stops there and says so.
 */
export const MAX_CHANGES = 500;

class ChangeList {
  /** One budget for the whole comparison: every list's matching draws on it. */
  readonly budget = new PairBudget();
  private readonly sections = new Map<SectionKey, PlanChange[]>(SECTION_KEYS.map((k) => [k, []]));
  private count = 0;

  /** True once MAX_CHANGES are listed: the loops stop early. */
  get full(): boolean {
    return this.count >= MAX_CHANGES;
  }

  add(section: SectionKey, c: ChangeInput): void {
    if (this.full) return;
    this.count++;
    const kind = c.code.slice(c.code.lastIndexOf('.') + 1) as PlanChange['kind'];
    this.sections.get(section)!.push({
      code: c.code,
      kind,
      label: c.label ?? labelAt(c.currentPath ?? c.previousPath ?? []),
      message: c.message,
      ...(c.previousPath ? { previousPath: toPointer(c.previousPath) } : {}),
      ...(c.currentPath ? { currentPath: toPointer(c.currentPath) } : {}),
      ...(c.previous !== undefined ? { previous: c.previous } : {}),
      ...(c.current !== undefined ? { current: c.current } : {}),
    });
  }

  /** A text field in both plans at `path` (or at `previousPath` in the previous one). */
  text(section: SectionKey, code: ChangeCode, what: string, before: string, after: string, path: Path, previousPath: Path = path): void {
    if (sameText(before, after)) return;
    this.add(section, { code, message: describeTextChange(what, before, after), previousPath, currentPath: path, previous: before, current: after });
  }

  result(previous: Plan, current: Plan): PlanComparison {
    const sections = SECTION_KEYS.map((section) => ({ section, title: SECTION[section], changes: this.sections.get(section)! }));
    return {
      previousMeetingDate: previous.meetingDate,
      currentMeetingDate: current.meetingDate,
      changeCount: this.count,
      truncated: this.full,
      sections,
    };
  }
}

export function comparePlans(previous: Plan, current: Plan): PlanComparison {
  const out = new ChangeList();
  compareMasterData(previous, current, out);
  compareExistingPlans(previous, current, out);
  compareChallenges(previous, current, out);
  compareGoals(previous, current, out);
  compareDate(out, 'followUp', 'followUpDate.changed', 'followUpDate', previous.followUpDate, current.followUpDate);
  return out.result(previous, current);
}

const CITIZEN_KEYS = ['name', 'cpr', 'address', 'phone'] as const;
const CONTACT_WORD: Record<keyof Contact, string> = { name: 'navn', title: 'stilling', organisation: 'organisation', phone: 'telefon', email: 'sikker e-mail' };
const CONTACT_KEYS = Object.keys(CONTACT_WORD) as Array<keyof Contact>;

function compareYesNo(out: ChangeList, code: ChangeCode, key: 'consent' | 'relativesConsent' | 'approvedByCitizen', before: boolean | null, after: boolean | null): void {
  if (before === after) return;
  const label = labelAt([key]);
  out.add('masterData', { code, message: `${label}: ændret fra ${yesNo(before)} til ${yesNo(after)}.`, previousPath: [key], currentPath: [key], previous: before, current: after });
}

function compareDate(out: ChangeList, section: SectionKey, code: ChangeCode, key: 'meetingDate' | 'referralDate' | 'followUpDate', before: string | null, after: string | null): void {
  if ((before ?? '').trim() === (after ?? '').trim()) return;
  const label = labelAt([key]);
  out.add(section, { code, message: `${label}: ændret fra ${dateText(before)} til ${dateText(after)}.`, previousPath: [key], currentPath: [key], previous: before, current: after });
}

/** Section 1 in the form's order, then what the plan holds beyond the form (referral, relatives, GP). */
function compareMasterData(p: Plan, c: Plan, out: ChangeList): void {
  for (const k of CITIZEN_KEYS) out.text('masterData', 'citizen.changed', labelAt(['citizen', k]), p.citizen[k], c.citizen[k], ['citizen', k]);
  for (const k of GROUND_KEYS) {
    if (p.grounds[k] === c.grounds[k]) continue;
    out.add('masterData', {
      code: 'grounds.changed',
      label: LABEL.grounds,
      message: `${LABEL.grounds}: ${quote(GROUND_TEXT[k])} er nu ${boxState(c.grounds[k])} (før: ${boxState(p.grounds[k])}).`,
      previousPath: ['grounds', k],
      currentPath: ['grounds', k],
      previous: p.grounds[k],
      current: c.grounds[k],
    });
  }
  compareYesNo(out, 'consent.changed', 'consent', p.consent, c.consent);
  compareCoordinator(p.coordinator, c.coordinator, out);
  compareParticipants(p, c, out);
  compareDate(out, 'masterData', 'meetingDate.changed', 'meetingDate', p.meetingDate, c.meetingDate);
  compareYesNo(out, 'approvedByCitizen.changed', 'approvedByCitizen', p.approvedByCitizen, c.approvedByCitizen);
  compareDate(out, 'masterData', 'referralDate.changed', 'referralDate', p.referralDate, c.referralDate);
  compareYesNo(out, 'relativesConsent.changed', 'relativesConsent', p.relativesConsent, c.relativesConsent);
  compareRelatives(p, c, out);
  const noGp = { name: '', clinic: '', address: '', phone: '' };
  const [pg, cg] = [p.generalPractitioner ?? noGp, c.generalPractitioner ?? noGp];
  const gpWord = { name: 'navn', clinic: 'klinik', address: 'adresse', phone: 'telefon' } as const;
  for (const k of Object.keys(gpWord) as Array<keyof typeof gpWord>) {
    out.text('masterData', 'generalPractitioner.changed', `${labelAt(['generalPractitioner'])}, ${gpWord[k]}`, pg[k], cg[k], ['generalPractitioner', k]);
  }
}

/** A new coordinator is one change; the same coordinator's new details are one each. */
function compareCoordinator(p: Contact, c: Contact, out: ChangeList): void {
  const [pn, cn] = [identity(p.name), identity(c.name)];
  if (pn !== '' && cn !== '' && pn !== cn) {
    out.add('masterData', { code: 'coordinator.changed', message: `Ny koordinator: ${personText(c)} (før: ${personText(p)}).`, previousPath: ['coordinator'], currentPath: ['coordinator'] });
    return;
  }
  for (const k of CONTACT_KEYS) out.text('masterData', 'coordinator.changed', `${LABEL.coordinator}, ${CONTACT_WORD[k]}`, p[k], c[k], ['coordinator', k]);
}

const asIs = <T>(x: T): T => x;

/** The same person: the same name, or the same e-mail address. Their order means nothing. */
function samePerson(a: { name: string; email?: string; cpr?: string }, b: { name: string; email?: string; cpr?: string }): number {
  const same = (x: string | undefined, y: string | undefined) => identity(x ?? '') !== '' && identity(x ?? '') === identity(y ?? '');
  return same(a.name, b.name) || same(a.email, b.email) || same(a.cpr, b.cpr) ? 1 : 0;
}

function compareParticipants(p: Plan, c: Plan, out: ChangeList): void {
  for (const { previous: i, current: j } of alignLists(p.participants, c.participants, asIs, samePerson, out.budget)) {
    if (out.full) return;
    if (i === undefined) {
      out.add('masterData', { code: 'participant.added', message: `Ny deltager: ${personText(c.participants[j!]!)}.`, currentPath: ['participants', j!] });
    } else if (j === undefined) {
      out.add('masterData', { code: 'participant.removed', message: `Ikke længere deltager: ${personText(p.participants[i]!)}.`, previousPath: ['participants', i] });
    } else {
      const [a, b] = [p.participants[i]!, c.participants[j]!];
      const who = collapse(b.name) || collapse(a.name);
      for (const k of CONTACT_KEYS) out.text('masterData', 'participant.changed', `${who}, ${CONTACT_WORD[k]}`, a[k], b[k], ['participants', j, k], ['participants', i, k]);
      if (a.attended !== b.attended) {
        const how = (x: boolean) => (x ? 'deltog i mødet' : 'meldte afbud');
        out.add('masterData', {
          code: 'participant.changed',
          message: `${who} ${how(b.attended)} (sidst: ${how(a.attended)}).`,
          previousPath: ['participants', i, 'attended'],
          currentPath: ['participants', j, 'attended'],
          previous: a.attended,
          current: b.attended,
        });
      }
    }
  }
}

function compareRelatives(p: Plan, c: Plan, out: ChangeList): void {
  const describe = (r: Plan['relatives'][number]) => (collapse(r.relation) ? `${collapse(r.name)} (${collapse(r.relation)})` : collapse(r.name));
  for (const { previous: i, current: j } of alignLists(p.relatives, c.relatives, asIs, samePerson, out.budget)) {
    if (out.full) return;
    if (i === undefined) out.add('masterData', { code: 'relative.added', message: `Ny pårørende på planen: ${describe(c.relatives[j!]!)}.`, currentPath: ['relatives', j!] });
    else if (j === undefined) out.add('masterData', { code: 'relative.removed', message: `Ikke længere pårørende på planen: ${describe(p.relatives[i]!)}.`, previousPath: ['relatives', i] });
    else {
      const [a, b] = [p.relatives[i]!, c.relatives[j]!];
      const words = { name: 'navn', cpr: 'cpr. nr.', relation: 'relation' } as const;
      for (const k of Object.keys(words) as Array<keyof typeof words>) {
        out.text('masterData', 'relative.changed', `${LABEL.relatives} ${collapse(b.name)}, ${words[k]}`, a[k], b[k], ['relatives', j, k], ['relatives', i, k]);
      }
    }
  }
}

function compareExistingPlans(p: Plan, c: Plan, out: ChangeList): void {
  for (const k of EXISTING_PLAN_KEYS) {
    for (const part of ['status', 'goal', 'intervention'] as const) {
      const path = ['existingPlans', k, part];
      out.text('existingPlans', 'existingPlan.changed', labelAt(path), p.existingPlans[k][part], c.existingPlans[k][part], path);
    }
  }
}

function compareChallenges(p: Plan, c: Plan, out: ChangeList): void {
  const features = (text: string) => ({ text: collapse(text), words: wordSet(text) });
  const pairs = alignLists(p.challenges, c.challenges, features, (a, b) => (a.text === b.text ? 1 : overlap(a.words, b.words)), out.budget);
  for (const { previous: i, current: j, moved } of pairs) {
    if (out.full) return;
    if (i === undefined) {
      out.add('challenges', { code: 'challenge.added', message: `Ny udfordring nr. ${j! + 1}: ${quote(c.challenges[j!]!)}.`, currentPath: ['challenges', j!], current: c.challenges[j!]! });
      continue;
    }
    const before = p.challenges[i]!;
    if (j === undefined) {
      out.add('challenges', { code: 'challenge.removed', message: `Udfordring nr. ${i + 1} i den forrige plan er fjernet: ${quote(before)}.`, previousPath: ['challenges', i], previous: before });
      continue;
    }
    const after = c.challenges[j]!;
    const reworded = !sameText(before, after);
    const paths = { previousPath: ['challenges', i], currentPath: ['challenges', j] };
    if (moved) {
      const also = reworded ? ` og omformuleret (før: ${quote(before)})` : '';
      out.add('challenges', { code: 'challenge.moved', message: `Udfordringen ${quote(after)} er flyttet fra nr. ${i + 1} til nr. ${j + 1}${also}.`, ...paths, ...(reworded ? { previous: before } : {}), current: after });
    } else if (reworded) {
      out.add('challenges', { code: 'challenge.changed', message: `Udfordring nr. ${j + 1} er omformuleret: ${quote(after)} (før: ${quote(before)}).`, ...paths, previous: before, current: after });
    }
  }
}

/** "Mål 2 »Motivere til misbrugsbehandling«". */
function goalName(goal: Goal, index: number): string {
  return collapse(goal.title) ? `${goalLabel(index)} ${quote(goal.title)}` : goalLabel(index);
}

interface GoalWords {
  title: Words;
  body: Words;
}

function goalSimilarity(a: GoalWords, b: GoalWords): number {
  return 0.6 * overlap(a.title, b.title) + 0.4 * overlap(a.body, b.body);
}

function compareGoals(p: Plan, c: Plan, out: ChangeList): void {
  const features = (g: Goal): GoalWords => ({ title: wordSet(g.title), body: wordSet(g.interventions.map((i) => `${i.task} ${i.successCriteria}`).join(' ')) });
  const pairs = alignLists(p.goals, c.goals, features, goalSimilarity, out.budget);
  for (const { previous: i, current: j, moved } of pairs) {
    if (out.full) return;
    if (i === undefined) {
      const g = c.goals[j!]!;
      out.add('goals', { code: 'goal.added', message: `Nyt mål: ${goalName(g, j!)} med ${countText(g.interventions.length, 'indsats', 'indsatser')}.`, currentPath: ['goals', j!] });
      continue;
    }
    const before = p.goals[i]!;
    if (j === undefined) {
      const name = collapse(before.title) ? `Målet ${quote(before.title)}` : 'Målet';
      out.add('goals', {
        code: 'goal.removed',
        message: `${name} (${goalLabel(i)} i den forrige plan) er fjernet med ${countText(before.interventions.length, 'indsats', 'indsatser')}.`,
        previousPath: ['goals', i],
      });
      continue;
    }
    const after = c.goals[j]!;
    if (moved) out.add('goals', { code: 'goal.moved', message: `${goalName(after, j)} er flyttet fra ${goalLabel(i)} til ${goalLabel(j)}.`, previousPath: ['goals', i], currentPath: ['goals', j] });
    out.text('goals', 'goal.changed', `${goalLabel(j)}, titel`, before.title, after.title, ['goals', j, 'title'], ['goals', i, 'title']);
    compareInterventions(before, after, i, j, out);
  }
}

interface InterventionWords {
  task: Words;
  successCriteria: Words;
  responsible: Words;
  timeline: Words;
}

/** The task says most what an intervention is; who and when may change while it stays the same. */
function interventionSimilarity(a: InterventionWords, b: InterventionWords): number {
  return 0.6 * overlap(a.task, b.task) + 0.15 * overlap(a.successCriteria, b.successCriteria) + 0.15 * overlap(a.responsible, b.responsible) + 0.1 * overlap(a.timeline, b.timeline);
}

const INTERVENTION_FIELDS = [
  ['task', 'intervention.changed'],
  ['successCriteria', 'intervention.changed'],
  ['responsible', 'intervention.responsible.changed'],
  ['timeline', 'intervention.timeline.changed'],
] as const satisfies ReadonlyArray<readonly [keyof Intervention, ChangeCode]>;

function compareInterventions(pGoal: Goal, cGoal: Goal, gi: number, gj: number, out: ChangeList): void {
  const features = (x: Intervention): InterventionWords => ({
    task: wordSet(x.task),
    successCriteria: wordSet(x.successCriteria),
    responsible: wordSet(x.responsible),
    timeline: wordSet(x.timeline),
  });
  const pairs = alignLists(pGoal.interventions, cGoal.interventions, features, interventionSimilarity, out.budget);
  // Built only for a change: most interventions have none.
  const goal = () => goalName(cGoal, gj);
  const name = (x: Intervention, k: number) => (collapse(x.task) ? `indsats ${k + 1} ${quote(x.task)}` : `indsats ${k + 1}`);
  for (const { previous: i, current: j, moved } of pairs) {
    if (out.full) return;
    if (i === undefined) {
      const x = cGoal.interventions[j!]!;
      const details = [collapse(x.responsible) ? `ansvar: ${quote(x.responsible)}` : '', collapse(x.timeline) ? `tidsplan: ${quote(x.timeline)}` : ''].filter(Boolean).join('; ');
      out.add('goals', {
        code: 'intervention.added',
        message: `${goal()}: ny ${name(x, j!)}${details ? ` (${details})` : ''}.`,
        currentPath: ['goals', gj, 'interventions', j!],
      });
      continue;
    }
    const before = pGoal.interventions[i]!;
    if (j === undefined) {
      const task = collapse(before.task) ? `indsatsen ${quote(before.task)}` : `indsats ${i + 1}`;
      out.add('goals', { code: 'intervention.removed', message: `${goal()}: ${task} er fjernet.`, previousPath: ['goals', gi, 'interventions', i] });
      continue;
    }
    const after = cGoal.interventions[j]!;
    if (!moved && before.task === after.task && before.successCriteria === after.successCriteria && before.responsible === after.responsible && before.timeline === after.timeline) continue;
    const here = () => `${goal()}, ${name(after, j)}`;
    if (moved) {
      out.add('goals', { code: 'intervention.moved', message: `${here()}: flyttet fra nr. ${i + 1} til nr. ${j + 1}.`, previousPath: ['goals', gi, 'interventions', i], currentPath: ['goals', gj, 'interventions', j] });
    }
    for (const [field, code] of INTERVENTION_FIELDS) {
      const [was, is] = [before[field], after[field]];
      if (sameText(was, is)) continue;
      const path = ['goals', gj, 'interventions', j, field];
      // A new responsible party or deadline is said as such; anything else as a changed text.
      const news = code === 'intervention.responsible.changed' ? 'ny ansvarlig' : code === 'intervention.timeline.changed' ? 'ny tidsplan' : undefined;
      const message =
        news && collapse(was) !== '' && collapse(is) !== '' ? `${here()}: ${news}: ${quote(is)} (før: ${quote(was)}).` : describeTextChange(`${here()}: ${labelAt(path)}`, was, is);
      out.add('goals', { code, message, previousPath: ['goals', gi, 'interventions', i, field], currentPath: path, previous: was, current: is });
    }
  }
}
