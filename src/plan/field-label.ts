/** The official form's label of the field at a path of the plan JSON, for problem items. */
import { EXISTING_PLAN_LABEL, FORM_TITLE, GROUND_TEXT, LABEL, SECTION } from './labels.js';

const CITIZEN_FIELD: Record<string, string> = { name: LABEL.name, cpr: LABEL.cpr, address: LABEL.address, phone: LABEL.phone };
const EXISTING_FIELD: Record<string, string> = { status: LABEL.status, goal: LABEL.existingGoal, intervention: LABEL.existingIntervention };
const INTERVENTION_FIELD: Record<string, string> = {
  task: LABEL.task,
  successCriteria: LABEL.successCriteria,
  responsible: LABEL.responsible,
  timeline: LABEL.timeline,
};
const TOP_LEVEL: Record<string, string> = {
  consent: LABEL.consent,
  relativesConsent: LABEL.relativesConsent,
  coordinator: LABEL.coordinator,
  participants: LABEL.participants,
  meetingDate: LABEL.meetingDate,
  referralDate: LABEL.referralDate,
  referralSetting: LABEL.referralDate,
  approvedByCitizen: LABEL.approvedByCitizen,
  followUpDate: LABEL.followUpDate,
  challenges: LABEL.challenges,
  generalPractitioner: 'Praktiserende læge',
};

const own = (table: Record<string, string>, key: PropertyKey | undefined): string | undefined =>
  typeof key === 'string' && Object.hasOwn(table, key) ? table[key] : undefined;

/** "Mål 2" for goal index 1, as the form numbers them. */
export function goalLabel(index: number): string {
  return `${LABEL.goal} ${index + 1}`;
}

/** The label of the nearest field the form names; the form's title when the path names none. */
export function labelAt(path: ReadonlyArray<PropertyKey>): string {
  const [head, second, third, , fifth] = path;
  switch (head) {
    case 'citizen':
      return own(CITIZEN_FIELD, second) ?? SECTION.masterData;
    case 'grounds':
      return own(GROUND_TEXT, second) ?? LABEL.grounds;
    case 'existingPlans': {
      const plan = own(EXISTING_PLAN_LABEL, second);
      if (!plan) return SECTION.existingPlans;
      const field = own(EXISTING_FIELD, third);
      return field ? `${plan}: ${field}` : plan;
    }
    case 'goals':
      if (typeof second !== 'number') return SECTION.goals;
      return own(INTERVENTION_FIELD, fifth) ?? goalLabel(second);
    case 'relatives': {
      const field = own(CITIZEN_FIELD, third);
      return field ? `${LABEL.relatives}: ${field}` : LABEL.relatives;
    }
    default:
      return own(TOP_LEVEL, head) ?? FORM_TITLE;
  }
}
