/**
 * Prepares a plan's distribution: checks that it may be sent, lists who gets what,
 * produces the documents once (the filled .docx, its PDF, the GP's letter) and stores
 * it all in one transaction. The plan JSON itself is not stored: only the documents
 * that must be sent and, per recipient, what its channel needs (and, by the observer, the
 * few fields of the plan's follow-up: src/follow-up).
 */
import type { Converter } from '../conversion/converter.js';
import type { TemplateRenderer } from '../templating/template-renderer.js';
import { AppError } from '../shared/errors.js';
import { MIME } from '../shared/mime.js';
import { danishDateOf } from '../shared/dates.js';
import type { ProblemItem } from '../shared/problem.js';
import type { Plan } from '../plan/schema.js';
import { planFileName, renderPlanDocx, renderPlanForPdf } from '../plan/render-plan-docx.js';
import { readUpload } from '../upload/read-upload.js';
import type { DocxLimits } from '../upload/open-docx.js';
import type { DistributionOwner, NewDelivery, StoredDocument } from './distribution-records.js';
import type { DistributionStore } from './distribution-store.js';
import { buildManifest, FLAG_REASON, type ManifestRecipient, type PlanDocumentKey } from './build-manifest.js';
import { digitalPostLabel, mailSubject, mailText, type PlanMessageContext } from './compose-messages.js';
import { safeUuid } from './safe-id.js';
import { savePreparedDistribution } from './save-prepared-distribution.js';
import type { PlanDistributionObserver } from './plan-distribution-observer.js';

/** The GP's print file from the plan's rendered .docx and its PDF (the letter holds the same pages). */
export type GpLetterBuilder = (input: { gp: NonNullable<Plan['generalPractitioner']>; plan: Plan; organisation: string; planDocx: Buffer; planPdf: Buffer }) => Promise<Buffer>;

export interface PrepareDeps {
  store: DistributionStore;
  converter: Converter;
  renderer: TemplateRenderer;
  buildGpLetter: GpLetterBuilder;
  /** The sending organisation when the coordinator names none (config ORGANISATION_NAME). */
  organisation: string;
  /** Learns the plan before the distribution is stored (the follow-up keeps what it needs of it). */
  observer?: Pick<PlanDistributionObserver, 'planPrepared'>;
}

export interface PreparedDistribution {
  id: string;
  recipients: ManifestRecipient[];
  /** The plan's warnings: shown, they do not block. */
  warnings: ProblemItem[];
}

/**
 * The plan in an uploaded Word file, to be distributed: a plan that could not be read
 * without problems is not distributed, whatever the rules would say of what was read.
 */
export function readPlanForDistribution(file: Buffer, limits: DocxLimits): unknown {
  const reading = readUpload(file, limits);
  if (!reading.parsed || reading.errors.length > 0) {
    throw new AppError('distribution-invalid', 'Planen i filen har fejl, der skal rettes, før den kan udsendes.', {
      extensions: { errors: reading.errors, warnings: reading.warnings },
    });
  }
  return reading.plan;
}

export async function prepareDistribution(
  deps: PrepareDeps,
  input: { plan: unknown; recipients?: unknown; actor: string; owner: DistributionOwner; today?: Date },
): Promise<PreparedDistribution> {
  const { plan, recipients, warnings } = buildManifest(input.plan, input.recipients, { today: input.today });
  const organisation = plan.coordinator.organisation.trim() || deps.organisation;

  const docx = renderPlanDocx(plan, deps.renderer);
  const pdf = await deps.converter.toPdf(renderPlanForPdf(plan, deps.renderer));
  const gp = recipients.find((r) => r.role === 'general-practitioner' && !r.manualReason);
  let letter: Buffer | undefined;
  if (gp && plan.generalPractitioner) {
    try {
      letter = await deps.buildGpLetter({ gp: plan.generalPractitioner, plan, organisation, planDocx: docx, planPdf: pdf });
    } catch (err) {
      // An address that cannot be printed (e.g. too long for the window) is the GP's problem, not everyone's.
      if (!(err instanceof AppError) || err.code !== 'distribution-invalid') throw err;
      Object.assign(gp, { flag: 'letter-impossible', address: null, manualReason: `${err.detail ?? ''} ${FLAG_REASON['letter-impossible']}`.trim() });
    }
  }
  const needed = new Set(recipients.filter((r) => !r.manualReason).flatMap((r) => r.documents));
  const documents: StoredDocument[] = [];
  const keep = (key: PlanDocumentKey, fileName: string, contentType: string, content: Buffer | undefined) => {
    if (content && needed.has(key)) documents.push({ key, fileName, contentType, content });
  };
  keep('plan-pdf', planFileName(plan, 'pdf'), MIME.pdf, pdf);
  keep('plan-docx', planFileName(plan, 'docx'), MIME.docx, docx);
  keep('gp-letter', `brev-til-laege${plan.meetingDate ? `-${plan.meetingDate}` : ''}.pdf`, MIME.pdf, letter);

  const context: PlanMessageContext = {
    citizenName: plan.citizen.name.trim(),
    meetingDate: plan.meetingDate,
    coordinatorName: plan.coordinator.name.trim(),
    organisation,
  };
  const deliveries: NewDelivery[] = recipients.map((r) => ({
    ...r,
    subject: r.channel === 'digital-post' ? digitalPostLabel(r.role) : r.channel === 'secure-email' ? mailSubject(context) : 'Brev til praktiserende læge',
    text: r.channel === 'secure-email' ? mailText(r.role, r.name, context) : '',
  }));

  const id = safeUuid();
  const date = danishDateOf(plan.meetingDate);
  await deps.observer?.planPrepared(id, plan, input.owner);
  await savePreparedDistribution(deps.store, {
    distribution: { id, kind: 'plan', createdBy: input.actor, owner: input.owner, title: date ? `Koordinerende indsatsplan, møde ${date}` : 'Koordinerende indsatsplan' },
    deliveries,
    documents,
    outcome: `forberedt til ${recipients.length} modtagere`,
  });
  return { id, recipients, warnings };
}
