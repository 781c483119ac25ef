/**
 * The life cycle of a distribution, in one place:
 *
 *   prepared ──send request──▶ sending ──every delivery final──▶ finished
 *      │
 *      └──not requested within DISTRIBUTION_UNSENT_TTL_HOURS (the purge)──▶ expired
 *
 * - prepared: stored with its documents and recipients; nothing has been sent, and nothing
 *   is until someone asks. Start-up never touches it.
 * - sending: a send was requested (the first request's time and actor are kept, every
 *   request is audited as 'send-requested'); the sender works through the deliveries, and
 *   start-up resumes it after a crash.
 * - finished: every delivery is final (sent, failed, or left for manual handling); its
 *   documents are gone.
 * - expired: nobody asked to send it in time; the purge (purge-distributions.ts) deleted its
 *   documents and its recipients' personal data, and it can no longer be sent. The audit
 *   facts stay.
 *
 * A send request is the only way out of `prepared`: the store lets nobody claim a delivery
 * of a distribution whose send was not requested, so no code path can send one by mistake.
 * A send request and the expiry are each one conditional update: whichever commits first wins.
 */
import { FINAL_STATES, type DistributionRecord, type SendRequestResult } from './distribution-records.js';
import type { DistributionStore } from './distribution-store.js';

export const DISTRIBUTION_STATES = ['prepared', 'sending', 'finished', 'expired'] as const;
export type DistributionState = (typeof DISTRIBUTION_STATES)[number];

export const DISTRIBUTION_STATE_LABEL: Record<DistributionState, string> = {
  prepared: 'Forberedt, ikke sendt',
  sending: 'Sendes',
  finished: 'Afsluttet',
  expired: 'Udløbet',
};

export function distributionState(d: Pick<DistributionRecord, 'sendRequestedAt' | 'expiredAt' | 'deliveries'>): DistributionState {
  if (d.expiredAt !== null) return 'expired';
  if (d.sendRequestedAt === null) return 'prepared';
  return allDeliveriesFinal(d) ? 'finished' : 'sending';
}

/** True when no delivery will be attempted again (also for a prepared one whose recipients all need manual handling). */
export function allDeliveriesFinal(d: Pick<DistributionRecord, 'deliveries'>): boolean {
  return d.deliveries.every((x) => FINAL_STATES.includes(x.state));
}

/** Records that `actor` asked to send the distribution, with its audit entry. */
export function recordSendRequest(store: DistributionStore, distributionId: string, actor: string): Promise<SendRequestResult> {
  return store.requestSend(distributionId, { actor, action: 'send-requested', distributionId, outcome: 'afsendelse bestilt' });
}
