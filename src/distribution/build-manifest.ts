/**
 * Who gets the approved plan, what they get, and by which channel (domain.md,
 * "Distribution"). A recipient whose channel cannot be used is kept in the manifest,
 * flagged for manual handling: never dropped, never moved to a weaker channel.
 * Nothing is returned for a plan that may not be distributed.
 */
import { z } from 'zod';
import { AppError } from '../shared/errors.js';
import { schemaMessage, toPointer, type ProblemItem } from '../shared/problem.js';
import { validatePlan } from '../plan/validate-plan.js';
import type { Plan } from '../plan/schema.js';
import { safeUuid } from './safe-id.js';
import type { Channel, NewDelivery, RecipientRole } from './distribution-records.js';

/** The documents of a plan distribution (keys of its stored documents). */
export type PlanDocumentKey = 'plan-pdf' | 'plan-docx' | 'gp-letter';

export const RecipientChoicesSchema = z
  .strictObject({
    coordinator: z.boolean().default(true).meta({ description: 'Koordinatoren får planen (.docx og PDF)' }),
    participants: z
      .union([z.literal('all'), z.array(z.number().int().min(0)).max(200)])
      .default('all')
      .meta({ description: '"all" (standard) eller numrene (fra 0) på de deltagere, der skal have planen' }),
    relatives: z.boolean().optional().meta({ description: 'Pårørende får planen (standard: ja, hvis planen nævner dem; kræver samtykke)' }),
    generalPractitioner: z.boolean().optional().meta({ description: 'Den praktiserende læge får et brev (standard: ja, hvis planen nævner lægen)' }),
  })
  .meta({
    id: 'RecipientChoices',
    description: 'Hvem der skal have planen. Borgeren får altid planen med Digital Post og kan ikke fravælges.',
  });
export type RecipientChoices = z.infer<typeof RecipientChoicesSchema>;

export interface ManifestRecipient extends Omit<NewDelivery, 'subject' | 'text' | 'documents'> {
  documents: PlanDocumentKey[];
  /** Machine code of the flag when manualReason is set. */
  flag: ManualFlag | null;
}

export type ManualFlag = 'email-missing' | 'email-invalid' | 'cpr-missing' | 'address-missing' | 'letter-impossible';

/** What each role gets and how: the table in domain.md. */
const ROUTE: Record<Exclude<RecipientRole, 'invitee'>, { channel: Channel; documents: PlanDocumentKey[] }> = {
  coordinator: { channel: 'secure-email', documents: ['plan-docx', 'plan-pdf'] },
  participant: { channel: 'secure-email', documents: ['plan-pdf'] },
  citizen: { channel: 'digital-post', documents: ['plan-pdf'] },
  relative: { channel: 'digital-post', documents: ['plan-pdf'] },
  'general-practitioner': { channel: 'letter', documents: ['gp-letter'] },
};

export const FLAG_REASON: Record<ManualFlag, string> = {
  'email-missing': 'Der er ingen sikker e-mailadresse; planen må ikke sendes ad anden vej og skal afleveres manuelt.',
  'email-invalid': 'E-mailadressen er ugyldig; planen må ikke sendes ad anden vej og skal afleveres manuelt.',
  'cpr-missing': 'Der er intet gyldigt cpr-nummer til Digital Post; en privatperson må ikke få planen med almindelig e-mail, så den skal afleveres manuelt.',
  'address-missing': 'Der er ingen postadresse til brevet; planen skal afleveres manuelt.',
  'letter-impossible': 'Brevet kunne ikke laves; planen skal afleveres manuelt.',
};

/** Why a secure e-mail address cannot be used, or null when it can. */
export function secureEmailFlag(address: string): ManualFlag | null {
  const email = address.trim();
  if (email === '') return 'email-missing';
  return z.email().safeParse(email).success ? null : 'email-invalid';
}
/** Ten digits, a dash after six allowed; the plan's rules check the date part. */
const normaliseCpr = (s: string): string | null => (/^\d{6}-?\d{4}$/.test(s.trim()) ? s.trim().replace('-', '') : null);

function problem(code: string, path: string, label: string, message: string): ProblemItem {
  return { code, path, label, message };
}

/**
 * Validates the plan for distribution and lists its recipients; throws the 422
 * `distribution-invalid` problem with every reason at once when nothing may be sent.
 */
export function buildManifest(
  planInput: unknown,
  choicesInput: unknown = {},
  options: { today?: Date } = {},
): { plan: Plan; recipients: ManifestRecipient[]; warnings: ProblemItem[] } {
  const choices = RecipientChoicesSchema.safeParse(choicesInput ?? {});
  if (!choices.success) {
    throw new AppError('request.invalid', 'Modtagervalget (recipients) er ugyldigt.', {
      extensions: {
        errors: choices.error.issues.map((i) =>
          problem('recipients.invalid', toPointer(['recipients', ...i.path]), 'Modtagere', `»Modtagere«: ${schemaMessage(i, choicesInput)}`),
        ),
      },
    });
  }
  const v = validatePlan(planInput, options);
  const errors = [...v.errors];
  const plan = v.plan;
  // The plan's own rules cover most of this; the checks are repeated here so that
  // distribution never depends on another module remembering them.
  const add = (p: ProblemItem) => {
    if (!errors.some((e) => e.path === p.path)) errors.push(p);
  };
  if (plan) {
    if (plan.status === 'draft') add(problem('distribution.draft', '/status', 'Status', 'En kladde kan ikke udsendes; planen skal være endelig.'));
    if (plan.consent !== true) {
      add(problem('distribution.consent', '/consent', 'Samtykke', 'Borgeren har ikke givet samtykke, så planen kan ikke udsendes.'));
    }
    if (plan.approvedByCitizen !== true) {
      add(problem('distribution.approval', '/approvedByCitizen', 'Indsatsplan er godkendt af borger', 'Planen er ikke godkendt af borgeren, så den kan ikke udsendes.'));
    }
    const wantsRelatives = choices.data.relatives ?? plan.relatives.length > 0;
    if (wantsRelatives && plan.relatives.length > 0 && plan.relativesConsent !== true) {
      add(problem('distribution.relatives-consent', '/relatives', 'Pårørende', 'Pårørende kan kun få planen, hvis borgeren har givet samtykke til at inddrage dem.'));
    }
    for (const i of Array.isArray(choices.data.participants) ? choices.data.participants : []) {
      if (i >= plan.participants.length) {
        add(problem('recipients.participant-unknown', `/recipients/participants`, 'Deltagere i koordinationsmødet', `Der er ingen deltager nr. ${i} i planen.`));
      }
    }
  }
  if (!plan || errors.length > 0) {
    throw new AppError('distribution-invalid', 'Planen kan ikke udsendes, før fejlene er rettet, og den er endelig, samtykket og godkendt af borgeren.', {
      extensions: { errors, warnings: v.warnings },
    });
  }
  return { plan, recipients: listRecipients(plan, choices.data), warnings: v.warnings };
}

/** The recipients of a plan already checked for distribution (exported for tests). */
export function listRecipients(plan: Plan, choices: RecipientChoices): ManifestRecipient[] {
  const out: ManifestRecipient[] = [];
  const push = (role: keyof typeof ROUTE, name: string, organisation: string, address: string | null, flag: ManualFlag | null) =>
    out.push({
      id: safeUuid(),
      role,
      name: name.trim(),
      organisation: organisation.trim(),
      ...ROUTE[role],
      address: flag ? null : address,
      flag,
      manualReason: flag ? FLAG_REASON[flag] : null,
    });
  const byEmail = (role: 'coordinator' | 'participant', c: { name: string; organisation: string; email: string }) => {
    const email = c.email.trim();
    push(role, c.name || email, c.organisation, email, secureEmailFlag(email));
  };

  if (choices.coordinator) byEmail('coordinator', plan.coordinator);
  // One copy per mailbox: the coordinator is often listed among the participants too.
  const mailed = new Set(out.map((r) => r.address?.toLowerCase()).filter(Boolean));
  plan.participants.forEach((p, i) => {
    if (choices.participants !== 'all' && !choices.participants.includes(i)) return;
    if (!p.name.trim() && !p.email.trim()) return; // an empty row of the form, not a person
    const email = p.email.trim().toLowerCase();
    if (email && mailed.has(email)) return;
    if (email) mailed.add(email);
    byEmail('participant', p);
  });

  const citizenCpr = normaliseCpr(plan.citizen.cpr);
  push('citizen', plan.citizen.name, '', citizenCpr, citizenCpr ? null : 'cpr-missing');

  if (choices.relatives ?? true) {
    for (const r of plan.relatives) {
      if (!r.name.trim() && !r.cpr.trim()) continue;
      const cpr = normaliseCpr(r.cpr);
      push('relative', r.name, r.relation, cpr, cpr ? null : 'cpr-missing');
    }
  }

  const gp = plan.generalPractitioner;
  if (gp && (choices.generalPractitioner ?? true) && (gp.name.trim() || gp.clinic.trim() || gp.address.trim())) {
    const address = gp.address.trim();
    push('general-practitioner', gp.name || gp.clinic, gp.clinic, address || null, address ? null : 'address-missing');
  }
  return out;
}
