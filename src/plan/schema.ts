/**
 * The coordinating intervention plan as JSON: the public contract of ../shared/spec/api.md.
 * This schema is the single source of the Plan type, of structural validation and of
 * the OpenAPI document. Domain rules (what the form requires) live in rules.ts, so that
 * a half-filled plan still parses and every missing field is reported at once.
 */
import { z } from 'zod';
import { limitedText, textLimitsDescription } from '../shared/text-limits.js';
import { UNKNOWN_FIELDS_NOTE } from '../shared/unknown-fields.js';
import { CONSENT_TEXT, EXISTING_PLAN_LABEL, GROUND_TEXT } from './labels.js';

const text = (description?: string) => {
  const s = limitedText().default('');
  return description ? s.meta({ description }) : s;
};
/** ISO date `YYYY-MM-DD`; the format itself is checked by the rules, with a Danish message. */
const isoDate = (description: string) =>
  z.string().max(40).nullable().default(null).meta({ description, format: 'date', examples: ['2014-05-01'] });
/** Yes/no boxes: `null` where the form was left unanswered (from a Word upload). */
const box = (description: string) => z.boolean().nullable().meta({ description });

export const ContactSchema = z
  .object({
    name: text('Navn'),
    title: text('Stilling'),
    organisation: text('Organisation'),
    phone: text('Telefon'),
    email: text('Sikker e-mailadresse'),
  })
  .meta({ id: 'Contact' });

export const ParticipantSchema = ContactSchema.extend({
  attended: z.boolean().default(true).meta({ description: 'Deltog i mødet (false: meldte afbud)' }),
}).meta({ id: 'Participant' });

export const CitizenSchema = z
  .object({
    name: text('Navn'),
    cpr: text('Cpr. nr., DDMMÅÅ-LLLL'),
    address: text('Adresse'),
    phone: text('Telefon'),
  })
  .meta({ id: 'Citizen' });

export const GroundsSchema = z
  .object({
    inPsychiatricTreatment: box(GROUND_TEXT.inPsychiatricTreatment).default(false),
    inSubstanceTreatment: box(GROUND_TEXT.inSubstanceTreatment).default(false),
    needsPsychiatricTreatment: box(GROUND_TEXT.needsPsychiatricTreatment).default(false),
    needsSubstanceTreatment: box(GROUND_TEXT.needsSubstanceTreatment).default(false),
  })
  .meta({ id: 'Grounds', description: 'Grundlag for indsatsplan' });

export const ExistingPlanSchema = z
  .object({ status: text('Status'), goal: text('Mål'), intervention: text('Indsats') })
  .meta({ id: 'ExistingPlan' });

/** The eight existing plans of section 2, in the form's order. */
export const EXISTING_PLAN_KEYS = [
  'drugTreatment',
  'alcoholTreatment',
  'psychiatricTreatment',
  'dischargeAgreement',
  'coordinationPlan',
  'socialActionPlan',
  'educationOrJobPlan',
  'other',
] as const satisfies ReadonlyArray<keyof typeof EXISTING_PLAN_LABEL>;
export type ExistingPlanKey = (typeof EXISTING_PLAN_KEYS)[number];

const emptyExisting = () => ({ status: '', goal: '', intervention: '' });
export const ExistingPlansSchema = z
  .object(Object.fromEntries(EXISTING_PLAN_KEYS.map((k) => [k, ExistingPlanSchema.default(emptyExisting)])) as {
    [K in ExistingPlanKey]: z.ZodDefault<typeof ExistingPlanSchema>;
  })
  .meta({ id: 'ExistingPlans', description: 'Afdækning af status, mål og indsatser i eksisterende planer' });

export const InterventionSchema = z
  .object({
    task: text('Indsatser eller opgaver'),
    successCriteria: text('Succeskriterier'),
    responsible: text('Rollefordeling: hvem har ansvaret for indsatsen, herunder borgerens ansvar?'),
    timeline: text('Tidsplan for indsatser'),
  })
  .meta({ id: 'Intervention' });

export const GoalSchema = z
  .object({
    title: text('Mål'),
    interventions: z.array(InterventionSchema).max(500).default([]),
  })
  .meta({ id: 'Goal' });

/** A relative (pårørende) who is to receive the plan: only with the citizen's consent. */
export const RelativeSchema = z
  .object({
    name: text('Navn'),
    cpr: text('Cpr. nr., for Digital Post'),
    relation: text('Relation til borgeren'),
  })
  .meta({ id: 'Relative' });

/** The citizen's GP (praktiserende læge), who gets the plan by letter. */
export const GeneralPractitionerSchema = z
  .object({
    name: text('Lægens eller klinikkens navn'),
    clinic: text('Klinik'),
    address: text('Postadresse, linjer adskilt af linjeskift'),
    phone: text('Telefon'),
  })
  .meta({ id: 'GeneralPractitioner' });

const emptyContact = () => ({ name: '', title: '', organisation: '', phone: '', email: '' });

export const PlanSchema = z
  .object({
    status: z.enum(['final', 'draft']).default('final').meta({ description: 'final (standard) eller draft (kladde)' }),
    citizen: CitizenSchema.default(() => ({ name: '', cpr: '', address: '', phone: '' })),
    grounds: GroundsSchema.default(() => ({
      inPsychiatricTreatment: false,
      inSubstanceTreatment: false,
      needsPsychiatricTreatment: false,
      needsSubstanceTreatment: false,
    })),
    consent: box(`Samtykke: ${CONSENT_TEXT.charAt(0).toLowerCase()}${CONSENT_TEXT.slice(1)}`).default(null),
    relativesConsent: z.boolean().nullable().default(false).meta({ description: 'Borgeren har givet samtykke til, at pårørende inddrages' }),
    coordinator: ContactSchema.default(emptyContact),
    participants: z.array(ParticipantSchema).max(200).default([]).meta({ description: 'Deltagere i koordinationsmødet' }),
    meetingDate: isoDate('Dato for koordinationsmødet'),
    referralDate: isoDate('Dato for indstilling til indsatsplan'),
    referralSetting: z
      .enum(['ambulant', 'inpatient'])
      .default('ambulant')
      .meta({ description: 'ambulant: planen laves inden 4 uger efter indstillingen; inpatient: ved udskrivningskonferencen' }),
    approvedByCitizen: box('Indsatsplan er godkendt af borger').default(null),
    existingPlans: ExistingPlansSchema.default(
      () => Object.fromEntries(EXISTING_PLAN_KEYS.map((k) => [k, emptyExisting()])) as Record<ExistingPlanKey, z.infer<typeof ExistingPlanSchema>>,
    ),
    challenges: z.array(limitedText()).max(200).default([]).meta({ description: 'Primære eller akutte udfordringer i prioriteret rækkefølge' }),
    goals: z.array(GoalSchema).max(200).default([]).meta({ description: 'Fælles mål og prioritering' }),
    followUpDate: isoDate('Dato for opfølgning'),
    relatives: z.array(RelativeSchema).max(50).default([]).meta({ description: 'Pårørende, der skal have planen (kræver samtykke)' }),
    generalPractitioner: GeneralPractitionerSchema.nullable().default(null).meta({ description: 'Praktiserende læge' }),
  })
  .meta({ id: 'Plan', title: 'Koordinerende indsatsplan', description: `${textLimitsDescription('planen')} ${UNKNOWN_FIELDS_NOTE}` });

export type Plan = z.infer<typeof PlanSchema>;
export type PlanInput = z.input<typeof PlanSchema>;
export type Contact = z.infer<typeof ContactSchema>;
export type Participant = z.infer<typeof ParticipantSchema>;
export type Goal = z.infer<typeof GoalSchema>;
export type Intervention = z.infer<typeof InterventionSchema>;
export type ExistingPlan = z.infer<typeof ExistingPlanSchema>;
