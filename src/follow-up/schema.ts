/**
 * What changed between two plans (POST /api/plans/compare, the changes page of the PDF),
 * and the requests that carry a previous plan. These schemas are the types and the
 * OpenAPI document of the answers.
 */
import { z } from 'zod';
import { PlanSchema } from '../plan/schema.js';

/** The form's five sections, in order: the changes are listed under them. */
export const SECTION_KEYS = ['masterData', 'existingPlans', 'challenges', 'goals', 'followUp'] as const;
export type SectionKey = (typeof SECTION_KEYS)[number];

/** Every kind of change, as a stable code: what changed, then how. */
export const CHANGE_CODES = [
  'citizen.changed',
  'grounds.changed',
  'consent.changed',
  'relativesConsent.changed',
  'coordinator.changed',
  'participant.added',
  'participant.removed',
  'participant.changed',
  'meetingDate.changed',
  'referralDate.changed',
  'approvedByCitizen.changed',
  'relative.added',
  'relative.removed',
  'relative.changed',
  'generalPractitioner.changed',
  'existingPlan.changed',
  'challenge.added',
  'challenge.removed',
  'challenge.changed',
  'challenge.moved',
  'goal.added',
  'goal.removed',
  'goal.changed',
  'goal.moved',
  'intervention.added',
  'intervention.removed',
  'intervention.changed',
  'intervention.responsible.changed',
  'intervention.timeline.changed',
  'intervention.moved',
  'followUpDate.changed',
] as const;
export type ChangeCode = (typeof CHANGE_CODES)[number];

const pointer = (description: string) => z.string().optional().meta({ description });
const value = (description: string) => z.union([z.string(), z.boolean(), z.null()]).optional().meta({ description });

export const PlanChangeSchema = z
  .object({
    code: z.enum(CHANGE_CODES).meta({ description: 'Stabil, maskinlæsbar kode: hvad der er ændret, og hvordan' }),
    kind: z.enum(['added', 'removed', 'changed', 'moved']).meta({ description: 'Tilføjet, fjernet, ændret, eller flyttet (ny prioritet)' }),
    label: z.string().meta({ description: 'Den officielle skabelons betegnelse for feltet' }),
    message: z.string().meta({ description: 'Ændringen på dansk, til en person' }),
    previousPath: pointer('JSON Pointer ind i den forrige plan (mangler for det, der er tilføjet)'),
    currentPath: pointer('JSON Pointer ind i den nuværende plan (mangler for det, der er fjernet)'),
    previous: value('Den forrige værdi, når ændringen gælder ét felt (tekst, ja/nej, dato)'),
    current: value('Den nuværende værdi, når ændringen gælder ét felt'),
  })
  .meta({ id: 'PlanChange' });
export type PlanChange = z.infer<typeof PlanChangeSchema>;

export const PlanComparisonSchema = z
  .object({
    previousMeetingDate: z.string().nullable().meta({ description: 'Den forrige plans dato for koordinationsmødet' }),
    currentMeetingDate: z.string().nullable().meta({ description: 'Den nuværende plans dato for koordinationsmødet' }),
    changeCount: z.number().int().meta({ description: 'Antal viste ændringer; 0 når planernes indhold er det samme' }),
    truncated: z.boolean().meta({ description: 'true: der er flere end 500 ændringer, og kun de første 500 vises' }),
    sections: z
      .array(
        z.object({
          section: z.enum(SECTION_KEYS),
          title: z.string().meta({ description: 'Afsnittets overskrift i skabelonen, fx "4. Fælles mål og prioritering"' }),
          changes: z.array(PlanChangeSchema),
        }),
      )
      .meta({ description: 'Skabelonens fem afsnit i rækkefølge, hvert med sine ændringer' }),
  })
  .meta({ id: 'PlanComparison', description: 'Hvad der er tilføjet, fjernet eller ændret fra den forrige plan til den nuværende' });
export type PlanComparison = z.infer<typeof PlanComparisonSchema>;

export const PlanComparisonRequestSchema = z
  .object({ previous: PlanSchema, current: PlanSchema })
  .meta({ id: 'PlanComparisonRequest', description: 'To planer for samme borger: den forrige og den nuværende' });

