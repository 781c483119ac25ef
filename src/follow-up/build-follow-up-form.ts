/**
 * The fillable Word form for the follow-up meeting, made from the previous plan: the
 * coordinator brings the plan as it stands, the meeting evaluates section 4 and changes
 * what is needed (Bilag 1, section 5), and the referent uploads the form afterwards like
 * any plan. What the new meeting must decide itself is left open:
 *
 * - consent: the coordinator must make sure the citizen still consents (guideline §5:
 *   "sikre, at der fortsat er samtykke"), so Ja/Nej is asked anew;
 * - approval: the citizen approves the updated plan at this meeting;
 * - attendance: everyone on the plan is invited again; who sends apologies this time is
 *   marked at the meeting;
 * - the next follow-up date.
 *
 * The meeting date is the follow-up date the previous plan agreed on, and section 5 names
 * the plan that is being evaluated.
 */
import { danishDate } from '../plan/plan-view.js';
import { parseIsoDate } from '../shared/dates.js';
import type { Plan } from '../plan/schema.js';
import { buildPlanForm, type PlanFormOptions } from '../plan-form/build-plan-form.js';

/** The plan the follow-up form is pre-filled with. */
export function followUpPlan(previous: Plan): Plan {
  return {
    ...previous,
    status: 'final',
    consent: null,
    approvedByCitizen: null,
    participants: previous.participants.map((p) => ({ ...p, attended: true })),
    meetingDate: previous.followUpDate,
    followUpDate: null,
  };
}

/** "indsatsplanen af 1. maj 2014", or without a date when the previous plan has none. */
function previousPlanName(previous: Plan): string {
  const date = danishDate(previous.meetingDate);
  return date ? `indsatsplanen af ${date}` : 'den forrige indsatsplan';
}

export function followUpFormOptions(previous: Plan): PlanFormOptions {
  const name = previousPlanName(previous);
  return {
    intro:
      `Formular til opfølgningsmødet. Indholdet af ${name} er overført: evaluér mål og indsatser i punkt 4, ret det, der er ændret, ` +
      'bekræft borgerens samtykke, lad borgeren godkende den opdaterede plan, og aftal en ny dato for opfølgning.',
    hints: {
      consent: 'Bekræftes igen på opfølgningsmødet: borgeren skal fortsat give samtykke.',
      approvedByCitizen: 'Borgeren godkender den opdaterede plan på opfølgningsmødet.',
      ...(previous.followUpDate ? { meetingDate: `Opfølgningsdatoen fra ${name}. Ret den, hvis mødet holdes en anden dag.` } : {}),
    },
    evaluates: ['Indsatsplan, der evalueres', `${name.charAt(0).toUpperCase()}${name.slice(1)}`],
  };
}

/** Only dates, never a CPR number or a name: the follow-up meeting's date when it is known. */
export function followUpFormFileName(previous: Plan): string {
  const date = previous.followUpDate && parseIsoDate(previous.followUpDate) ? `-${previous.followUpDate}` : '';
  return `indsatsplan-opfoelgning${date}.docx`;
}

export function buildFollowUpForm(previous: Plan): Buffer {
  return buildPlanForm(followUpPlan(previous), followUpFormOptions(previous));
}
