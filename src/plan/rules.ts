/**
 * The rules of the official form (../shared/spec/domain.md, "Rules the service enforces"). Each
 * rule is a small function returning its problems; codes and paths are a public
 * contract, so they never change. Rows left blank (a Word form has empty lines) are
 * ignored rather than reported; a draft skips what may still be missing at the meeting.
 */
import { toPointer, type Findings, type ProblemItem } from '../shared/problem.js';
import { checkCpr } from './cpr.js';
import { addMonths, compareDates, daysBetween, formatDanishDate, parseIsoDate, copenhagenDate, type CalendarDate } from '../shared/dates.js';
import { goalLabel, labelAt } from './field-label.js';
import { GROUNDS_HINT, LABEL, NOTE } from './labels.js';
import type { Goal, Intervention, Plan } from './schema.js';

export type Severity = 'error' | 'warning';
export interface RuleProblem extends ProblemItem {
  severity: Severity;
}
export interface RuleContext {
  today: CalendarDate;
}
export type Rule = (plan: Plan, ctx: RuleContext) => RuleProblem[];

/** Follow-up at most this many calendar months after the meeting (Bilag 1, section 5). */
export const FOLLOW_UP_MAX_MONTHS = 6;
/** An ambulant plan is made within 4 weeks of the referral (the leaflet). */
export const REFERRAL_MAX_DAYS = 28;

type Path = (string | number)[];

function problem(severity: Severity, code: string, path: Path, message: string): RuleProblem {
  return { severity, code, path: toPointer(path), label: labelAt(path), message };
}
const error = (code: string, path: Path, message: string) => problem('error', code, path, message);
const warning = (code: string, path: Path, message: string) => problem('warning', code, path, message);

const quote = (label: string) => `»${label}«`;
const blank = (s: string | null | undefined) => !s || s.trim() === '';
const filled = (o: Record<string, unknown>) => Object.values(o).some((v) => typeof v === 'string' && v.trim() !== '');
const ticked = (box: boolean | null) => box === true;

export const groundsRule: Rule = ({ grounds: g }) => {
  const upper = ticked(g.inPsychiatricTreatment) || ticked(g.inSubstanceTreatment);
  const lower = ticked(g.needsPsychiatricTreatment) || ticked(g.needsSubstanceTreatment);
  if (!upper && !lower) return [error('grounds.none', ['grounds'], `${quote(LABEL.grounds)}: ${GROUNDS_HINT}`)];
  if (!upper) {
    const why = 'Borgeren er hverken i psykiatrisk behandling eller i stof- og/eller alkoholbehandling (ingen af de to øverste afkrydsninger).';
    return [warning('grounds.not-in-treatment', ['grounds'], [why, ...NOTE.masterData].join('\n\n'))];
  }
  return [];
};

const NO_CONSENT = 'Hvis borgeren ikke giver sit samtykke, kan der ikke udarbejdes en indsatsplan.';
const APPROVAL_NEEDED = 'En endelig indsatsplan kræver borgerens godkendelse; indtil da kan den laves som kladde.';
/**
 * What follows when a Ja/Nej answer of the form is not Ja: said with every problem about the
 * answer, whether a rule finds it or a reader of a Word file (which cannot read the boxes).
 */
export const ANSWER_CONSEQUENCE = { consent: NO_CONSENT, approvedByCitizen: APPROVAL_NEEDED } as const;

export const consentRule: Rule = ({ consent }) => {
  if (consent === true) return [];
  if (consent === false) return [error('consent.refused', ['consent'], `${quote(LABEL.consent)} er besvaret med Nej. ${NO_CONSENT}`)];
  return [error('consent.missing', ['consent'], `${quote(LABEL.consent)} skal besvares med enten Ja eller Nej (kun én afkrydsning). ${NO_CONSENT}`)];
};

export const approvalRule: Rule = ({ status, approvedByCitizen }) => {
  if (status === 'draft' || approvedByCitizen === true) return [];
  const answer = approvedByCitizen === false ? 'er besvaret med Nej' : 'er ikke besvaret med Ja';
  return [
    error(
      'approval.missing',
      ['approvedByCitizen'],
      `${quote(LABEL.approvedByCitizen)} ${answer}. ${APPROVAL_NEEDED}`,
    ),
  ];
};

/** CPR problems of one number: format and birth date are errors, modulus 11 only a warning. */
export function cprProblems(cpr: string, path: Path, today: CalendarDate): RuleProblem[] {
  const label = quote(labelAt(path));
  const check = checkCpr(cpr);
  if (!check.valid && check.reason === 'format') {
    return [error('cpr.format', path, `${label} skal være 10 cifre, evt. med bindestreg efter de første 6 (DDMMÅÅ-LLLL).`)];
  }
  if (!check.valid) {
    return [error('cpr.date', path, `${label} indeholder ikke en gyldig fødselsdato (DDMMÅÅ; århundredet følger af 7. ciffer).`)];
  }
  if (compareDates(check.birthDate, today) > 0) {
    return [error('cpr.date', path, `${label} angiver en fødselsdato i fremtiden (århundredet følger af 7. ciffer).`)];
  }
  if (!check.modulus11) {
    return [
      warning('cpr.modulus11', path, `${label} opfylder ikke modulus 11-kontrollen. Det kan være korrekt (sådanne numre udstedes siden 2007), men kontroller, at nummeret er skrevet rigtigt.`),
    ];
  }
  return [];
}

export const citizenRule: Rule = ({ citizen }, { today }) => {
  const out: RuleProblem[] = [];
  if (blank(citizen.name)) out.push(error('citizen.name.missing', ['citizen', 'name'], `${quote(LABEL.name)} på borgeren skal udfyldes.`));
  if (blank(citizen.cpr)) out.push(error('citizen.cpr.missing', ['citizen', 'cpr'], `${quote(LABEL.cpr)} på borgeren skal udfyldes.`));
  else out.push(...cprProblems(citizen.cpr, ['citizen', 'cpr'], today));
  return out;
};

export const coordinatorRule: Rule = ({ coordinator }) =>
  blank(coordinator.name) ? [error('coordinator.missing', ['coordinator', 'name'], `${quote(LABEL.coordinator)}: koordinatorens navn skal udfyldes.`)] : [];

export const participantsRule: Rule = ({ participants }) => {
  const out: RuleProblem[] = [];
  let named = 0;
  participants.forEach((p, i) => {
    if (!blank(p.name)) named++;
    else if (filled(p)) out.push(error('participant.name.missing', ['participants', i, 'name'], `${quote(LABEL.participants)}: deltager ${i + 1} mangler et navn.`));
  });
  if (named === 0 && out.length === 0) {
    out.push(error('participants.none', ['participants'], `${quote(LABEL.participants)}: mindst én deltager skal angives.`));
  }
  return out;
};

type DateKey = 'meetingDate' | 'followUpDate' | 'referralDate';
const MISSING_CODE: Partial<Record<DateKey, string>> = { meetingDate: 'meetingDate.missing', followUpDate: 'followUp.missing' };

/** Presence (where required) and format of the three dates. */
export const datesRule: Rule = (plan) => {
  const out: RuleProblem[] = [];
  for (const key of ['meetingDate', 'referralDate', 'followUpDate'] as const) {
    const value = plan[key];
    const missingCode = MISSING_CODE[key];
    if (blank(value)) {
      if (missingCode) out.push(error(missingCode, [key], `${quote(LABEL[key])} skal udfyldes.`));
    } else if (!parseIsoDate(value as string)) {
      out.push(error('date.invalid', [key], `${quote(LABEL[key])} skal være en gyldig dato på formen ÅÅÅÅ-MM-DD.`));
    }
  }
  return out;
};

const dateOf = (value: string | null) => (value ? parseIsoDate(value) : undefined);

export const followUpRule: Rule = ({ meetingDate, followUpDate }) => {
  const meeting = dateOf(meetingDate);
  const followUp = dateOf(followUpDate);
  if (!meeting || !followUp) return [];
  if (compareDates(followUp, meeting) <= 0) {
    return [error('followUp.not-after-meeting', ['followUpDate'], `${quote(LABEL.followUpDate)} skal ligge efter ${quote(LABEL.meetingDate)}.`)];
  }
  const latest = addMonths(meeting, FOLLOW_UP_MAX_MONTHS);
  if (compareDates(followUp, latest) > 0) {
    return [
      error(
        'followUp.too-late',
        ['followUpDate'],
        `${quote(LABEL.followUpDate)} må højst ligge ${FOLLOW_UP_MAX_MONTHS} måneder efter ${quote(LABEL.meetingDate)}, dvs. senest ${formatDanishDate(latest)}.`,
      ),
    ];
  }
  return [];
};

export const referralRule: Rule = ({ referralDate, meetingDate, referralSetting }) => {
  const referral = dateOf(referralDate);
  const meeting = dateOf(meetingDate);
  if (!referral || !meeting) return [];
  const days = daysBetween(referral, meeting);
  if (days < 0) {
    return [warning('referral.after-meeting', ['referralDate'], `${quote(LABEL.referralDate)} ligger efter ${quote(LABEL.meetingDate)}. Kontroller datoerne.`)];
  }
  if (referralSetting === 'ambulant' && days > REFERRAL_MAX_DAYS) {
    return [
      warning(
        'referral.late',
        ['referralDate'],
        `Koordinationsmødet er holdt ${days} dage efter indstillingen. Ved ambulante forløb skal indsatsplanen udarbejdes inden 4 uger efter indstillingen.`,
      ),
    ];
  }
  return [];
};

export const challengesRule: Rule = ({ status, challenges }) => {
  if (status === 'draft' || challenges.some((c) => !blank(c))) return [];
  return [error('challenges.none', ['challenges'], `${quote(LABEL.challenges)}: mindst én udfordring skal angives.`)];
};

const goalFilled = (g: Goal) => !blank(g.title) || g.interventions.some(filled);

export const goalsRule: Rule = ({ status, goals }) => {
  if (status === 'draft') return [];
  if (!goals.some(goalFilled)) return [error('goals.none', ['goals'], `${quote(labelAt(['goals']))}: mindst ét mål skal angives.`)];
  const out: RuleProblem[] = [];
  goals.forEach((goal, n) => {
    if (!goalFilled(goal)) return;
    const goalName = goalLabel(n);
    if (blank(goal.title)) out.push(error('goal.title.missing', ['goals', n, 'title'], `${quote(goalName)}: målet skal beskrives.`));
    if (!goal.interventions.some(filled)) {
      out.push(error('goal.interventions.none', ['goals', n, 'interventions'], `${quote(goalName)}: mindst én indsats (${quote(LABEL.task)}) skal angives.`));
    }
    goal.interventions.forEach((iv, m) => out.push(...interventionProblems(iv, n, m)));
  });
  return out;
};

function interventionProblems(iv: Intervention, n: number, m: number): RuleProblem[] {
  if (!filled(iv)) return [];
  const where = `${goalLabel(n)}, række ${m + 1}`;
  const base: Path = ['goals', n, 'interventions', m];
  const out: RuleProblem[] = [];
  if (blank(iv.task)) out.push(error('intervention.task.missing', [...base, 'task'], `${where}: ${quote(LABEL.task)} skal udfyldes.`));
  if (blank(iv.responsible)) {
    out.push(
      error(
        'intervention.responsible.missing',
        [...base, 'responsible'],
        `${where}: ${quote(LABEL.responsible)} skal udfyldes. Alle indsatser skal have en ansvarlig, før mødet slutter.`,
      ),
    );
  }
  return out;
}

export const relativesRule: Rule = ({ relatives, relativesConsent }, { today }) => {
  const listed = relatives.map((r, i) => [r, i] as const).filter(([r]) => filled(r));
  if (listed.length === 0) return [];
  const out: RuleProblem[] = [];
  if (relativesConsent !== true) {
    out.push(
      error('relatives.no-consent', ['relatives'], `${quote(LABEL.relatives)} kan kun få planen, når borgeren har givet samtykke til at inddrage dem (${quote(LABEL.relativesConsent)}).`),
    );
  }
  for (const [r, i] of listed) {
    if (blank(r.name)) out.push(error('relative.name.missing', ['relatives', i, 'name'], `${quote(LABEL.relatives)}: pårørende ${i + 1} mangler et navn.`));
    if (blank(r.cpr)) {
      // Not an error: the plan is sound; the distribution flags this relative for manual handling.
      out.push(warning('relative.cpr.missing', ['relatives', i, 'cpr'], `${quote(LABEL.relatives)}: pårørende ${i + 1} mangler ${quote(LABEL.cpr)}, så planen kan ikke sendes med Digital Post; den skal gives på anden vis.`));
    } else out.push(...cprProblems(r.cpr, ['relatives', i, 'cpr'], today));
  }
  return out;
};

/** In the form's order, so the problems read top to bottom. */
export const PLAN_RULES: readonly Rule[] = [
  citizenRule,
  groundsRule,
  consentRule,
  coordinatorRule,
  participantsRule,
  datesRule,
  approvalRule,
  challengesRule,
  goalsRule,
  followUpRule,
  referralRule,
  relativesRule,
];

/** Runs every rule on a structurally valid plan. */
export function applyRules(plan: Plan, options: { today?: Date } = {}): Findings {
  const ctx: RuleContext = { today: copenhagenDate(options.today ?? new Date()) };
  const found = PLAN_RULES.flatMap((rule) => rule(plan, ctx));
  const strip = ({ severity: _s, ...item }: RuleProblem): ProblemItem => item;
  return {
    errors: found.filter((p) => p.severity === 'error').map(strip),
    warnings: found.filter((p) => p.severity === 'warning').map(strip),
  };
}
