/**
 * Stores a prepared distribution, the plan's or an invitation's, with its audit records:
 * one that it was prepared (by whom, for how many), and one per recipient (role, name,
 * channel, ready or left for manual handling). Nothing is sent (life-cycle.ts).
 */
import type { AuditEntry } from './audit-log.js';
import type { NewDelivery, NewDistribution, StoredDocument } from './distribution-records.js';
import type { DistributionStore } from './distribution-store.js';

export async function savePreparedDistribution(
  store: DistributionStore,
  prepared: { distribution: NewDistribution; deliveries: NewDelivery[]; documents: StoredDocument[]; outcome: string },
): Promise<void> {
  const { distribution: d, deliveries } = prepared;
  const audit: AuditEntry[] = [
    { actor: d.createdBy, action: 'distribution-prepared', distributionId: d.id, outcome: prepared.outcome },
    ...deliveries.map(
      (x): AuditEntry => ({
        actor: d.createdBy,
        action: 'recipient-listed',
        distributionId: d.id,
        deliveryId: x.id,
        role: x.role,
        name: x.name,
        channel: x.channel,
        outcome: x.manualReason ? 'kræver manuel håndtering' : 'klar til afsendelse',
        detail: x.manualReason,
      }),
    ),
  ];
  await store.createDistribution(d, deliveries, prepared.documents, audit);
}
