/**
 * What a client sees of a distribution: each recipient by role and name, the channel,
 * what they get, and their state. A Digital Post recipient's CPR number is never shown.
 */
import { z } from 'zod';
import { ProblemItemSchema } from '../shared/problem.js';
import {
  CHANNELS,
  DELIVERY_STATES,
  DISTRIBUTION_KINDS,
  RECIPIENT_ROLES,
  type DistributionRecord,
} from './distribution-records.js';
import type { AuditRecord } from './audit-log.js';
import { allDeliveriesFinal, DISTRIBUTION_STATE_LABEL, DISTRIBUTION_STATES, distributionState } from './life-cycle.js';

const ROLE_LABEL: Record<(typeof RECIPIENT_ROLES)[number], string> = {
  coordinator: 'Koordinator',
  participant: 'Deltager i koordinationsmødet',
  citizen: 'Borger',
  relative: 'Pårørende',
  'general-practitioner': 'Praktiserende læge',
  invitee: 'Inviteret',
};
const CHANNEL_LABEL: Record<(typeof CHANNELS)[number], string> = {
  'secure-email': 'Sikker e-mail',
  'digital-post': 'Digital Post',
  letter: 'Fysisk brev',
};
const STATE_LABEL: Record<(typeof DELIVERY_STATES)[number], string> = {
  pending: 'Afventer afsendelse',
  sending: 'Sendes nu',
  sent: 'Sendt',
  failed: 'Fejlet',
  manual: 'Kræver manuel håndtering',
  expired: 'Udløbet, intet sendt',
};
const DOCUMENT_LABEL: Record<string, string> = {
  'plan-pdf': 'Planen som PDF',
  'plan-docx': 'Planen som Word-fil (.docx)',
  'gp-letter': 'Følgebrev og planen som printklar PDF',
  'invitation-pdf': 'Invitationen som PDF',
  'invitation-ics': 'Kalenderinvitation (.ics)',
  'invitation-docx': 'Invitationen som Word-fil (.docx)',
  'plan-form': 'Forudfyldt plan (Word-blanket)',
  article: 'Artiklen til nye deltagere',
};

export const DistributionRecipientSchema = z
  .object({
    id: z.string().meta({ description: 'Forsendelsens id (også beskedens id i kanalen)' }),
    role: z.enum(RECIPIENT_ROLES),
    roleLabel: z.string(),
    name: z.string(),
    organisation: z.string().meta({ description: 'Organisation, eller relationen for en pårørende' }),
    channel: z.enum(CHANNELS),
    channelLabel: z.string(),
    address: z.string().nullable().meta({ description: 'E-mail- eller postadresse; aldrig et cpr-nummer (Digital Post viser null)' }),
    documents: z.array(z.string()).meta({ description: 'Hvad modtageren får' }),
    state: z.enum(DELIVERY_STATES),
    stateLabel: z.string(),
    needsManualHandling: z.boolean(),
    attempts: z.number().int(),
    reason: z.string().nullable().meta({ description: 'Hvorfor forsendelsen fejlede, venter på nyt forsøg eller kræver manuel håndtering' }),
    nextAttemptAt: z.string().nullable(),
    sentAt: z.string().nullable(),
    reference: z.string().nullable().meta({ description: 'Kanalens reference, fx SMTP-beskedens id eller udbakkens filnavn' }),
  })
  .meta({ id: 'DistributionRecipient' });

export const DistributionSchema = z
  .object({
    id: z.string(),
    kind: z.enum(DISTRIBUTION_KINDS),
    title: z.string(),
    createdAt: z.string(),
    createdBy: z.string(),
    state: z.enum(DISTRIBUTION_STATES).meta({
      description:
        'prepared: forberedt, intet er sendt (sendes kun efter en anmodning om afsendelse); sending: afsendelse er bestilt; finished: alle forsendelser er afsluttet; ' +
        'expired: ikke sendt i tide, så dokumenterne og modtagernes personoplysninger er slettet, og den kan ikke længere sendes',
    }),
    stateLabel: z.string(),
    sendRequestedAt: z.string().nullable().meta({ description: 'Hvornår afsendelsen første gang blev bestilt' }),
    expiredAt: z.string().nullable().meta({ description: 'Hvornår udsendelsen udløb uden at være sendt' }),
    finished: z.boolean().meta({ description: 'true: ingen forsendelse afventer længere' }),
    counts: z.record(z.enum(DELIVERY_STATES), z.number().int()),
    recipients: z.array(DistributionRecipientSchema),
    warnings: z.array(ProblemItemSchema).optional().meta({ description: 'Planens advarsler (kun når udsendelsen forberedes)' }),
  })
  .meta({ id: 'Distribution' });
export type DistributionView = z.infer<typeof DistributionSchema>;

export const AuditRecordSchema = z
  .object({
    id: z.number().int(),
    at: z.string(),
    actor: z.string(),
    action: z.string(),
    deliveryId: z.string().nullable(),
    role: z.string().nullable(),
    name: z.string().nullable(),
    channel: z.string().nullable(),
    outcome: z.string(),
    detail: z.string().nullable(),
  })
  .meta({ id: 'AuditRecord', description: 'Hvem gjorde hvad for hvem, hvornår, ad hvilken kanal, med hvilket udfald; aldrig planens indhold eller cpr-numre' });
export const AuditLogSchema = z.object({ distributionId: z.string(), records: z.array(AuditRecordSchema) }).meta({ id: 'AuditLog' });

export function describeDistribution(d: DistributionRecord): DistributionView {
  const counts = Object.fromEntries(DELIVERY_STATES.map((s) => [s, 0])) as Record<(typeof DELIVERY_STATES)[number], number>;
  for (const x of d.deliveries) counts[x.state]++;
  const state = distributionState(d);
  return {
    id: d.id,
    kind: d.kind,
    title: d.title,
    createdAt: d.createdAt,
    createdBy: d.createdBy,
    state,
    stateLabel: DISTRIBUTION_STATE_LABEL[state],
    sendRequestedAt: d.sendRequestedAt,
    expiredAt: d.expiredAt,
    finished: allDeliveriesFinal(d),
    counts,
    recipients: d.deliveries.map((x) => ({
      id: x.id,
      role: x.role,
      roleLabel: ROLE_LABEL[x.role],
      name: x.name,
      organisation: x.organisation,
      channel: x.channel,
      channelLabel: CHANNEL_LABEL[x.channel],
      address: x.channel === 'digital-post' ? null : x.address,
      documents: x.documents.map((k) => DOCUMENT_LABEL[k] ?? k),
      state: x.state,
      stateLabel: STATE_LABEL[x.state],
      needsManualHandling: x.state === 'manual',
      attempts: x.attempts,
      reason: x.state === 'sent' ? null : x.lastError,
      nextAttemptAt: x.state === 'pending' && x.nextAttemptAt > 0 ? new Date(x.nextAttemptAt).toISOString() : null,
      sentAt: x.sentAt,
      reference: x.reference,
    })),
  };
}

export function describeAudit(distributionId: string, records: AuditRecord[]): z.infer<typeof AuditLogSchema> {
  return {
    distributionId,
    records: records.map((r) => ({
      id: r.id,
      at: r.at,
      actor: r.actor,
      action: r.action,
      deliveryId: r.deliveryId ?? null,
      role: r.role ?? null,
      name: r.name ?? null,
      channel: r.channel ?? null,
      outcome: r.outcome,
      detail: r.detail ?? null,
    })),
  };
}
