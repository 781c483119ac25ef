/**
 * Prepares sending an invitation to every invitee by secure e-mail, through the same
 * distribution mechanism as the plan (src/distribution): the documents are
 * produced once and stored with one delivery per invitee; `POST /api/distributions/:id/send`
 * then sends them with enforced TLS, retries and the audit log, exactly once. An invitee
 * without an e-mail address is listed for manual handling: they must be invited another way.
 */
import type { DistributionOwner, NewDelivery } from '../distribution/distribution-records.js';
import type { DistributionStore } from '../distribution/distribution-store.js';
import { safeUuid } from '../distribution/safe-id.js';
import { savePreparedDistribution } from '../distribution/save-prepared-distribution.js';
import type { Invitation } from './schema.js';
import { buildInvitationDocuments, enclosureNames, type DocumentDeps, type DocumentInclude } from './build-invitation-documents.js';
import { buildInvitationView } from './invitation-view.js';
import { ATTACHMENT, mailSubject, mailText } from './texts.js';

export interface PrepareInvitationDeps extends Omit<DocumentDeps, 'now'> {
  store: DistributionStore;
}

export const NO_EMAIL_REASON = 'Ingen e-mailadresse: inviter vedkommende på anden måde (fx Digital Post, brev eller telefon).';

/** Stores the distribution and returns its id; nothing is sent yet. */
export async function prepareInvitationDistribution(
  deps: PrepareInvitationDeps,
  input: { invitation: Invitation; include: DocumentInclude; actor: string; owner: DistributionOwner; now: Date },
): Promise<string> {
  const inv = input.invitation;
  const docs = await buildInvitationDocuments(inv, input.include, { ...deps, now: input.now });
  // Every invitee gets everything: the invitation, the calendar file and the enclosures asked for.
  const keys = docs.map((d) => d.key);
  const view = buildInvitationView(inv);
  const subject = mailSubject(inv.meeting, view.date);
  const place = [view.address, view.room].filter(Boolean).join(', ');
  // The mail names the calendar file already.
  const enclosures = enclosureNames(input.include).filter((e) => e !== ATTACHMENT.calendar);

  const deliveries: NewDelivery[] = inv.invitees.map((invitee) => {
    const email = invitee.email.trim();
    return {
      id: safeUuid(),
      role: 'invitee',
      name: invitee.name.trim(),
      organisation: invitee.organisation.trim(),
      channel: 'secure-email',
      address: email || null,
      documents: keys,
      subject,
      text: email
        ? mailText({ inviteeName: invitee.name.trim(), meeting: inv.meeting, when: view.when, place, videoLink: view.videoLink, enclosures, coordinator: inv.coordinator })
        : '',
      manualReason: email ? null : NO_EMAIL_REASON,
    };
  });

  const id = safeUuid();
  await savePreparedDistribution(deps.store, {
    distribution: { id, kind: 'invitation', createdBy: input.actor, owner: input.owner, title: subject },
    deliveries,
    documents: docs,
    outcome: `invitation forberedt til ${deliveries.length} inviterede`,
  });
  return id;
}
