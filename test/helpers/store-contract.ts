/**
 * The contract every implementation of the stores keeps, as one suite: run it against an
 * implementation with one call, `describeStoreContract('Name', { stores: () => …, authStores: () => … })`.
 *
 * Each opener opens a new connection to one and the same database each time it is called
 * (a second one stands for another process, or another replica). The database may hold other
 * tests' data: the tests use their own ids and never assume an empty table.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Stores } from '../../src/storage/stores.js';
import type { AuthStores, SessionRecord } from '../../src/auth/auth-stores.js';
import type { AuditEntry } from '../../src/distribution/audit-log.js';
import type { DeliveryClaim } from '../../src/distribution/distribution-store.js';
import { recordSendRequest } from '../../src/distribution/life-cycle.js';
import { containsCprLike } from '../../src/shared/redact.js';
import { FAKE_DOCX, FAKE_PDF, seedDistribution, seedRequestedDistribution } from './distribution.js';

export interface StoreOpeners {
  stores: () => Stores | Promise<Stores>;
  authStores: () => AuthStores | Promise<AuthStores>;
}

export function describeStoreContract(name: string, open: StoreOpeners): void {
  const openStores = open.stores;
  describe(`store contract: ${name}`, () => {
    let stores: Stores;
    beforeEach(async () => {
      stores = await openStores();
    });
    afterEach(async () => {
      await stores.close();
    });
    const sent = (distributionId: string): AuditEntry => ({ actor: 'system', action: 'delivery-sent', distributionId, outcome: 'sendt' });
    const actions = async (id: string) => (await stores.audit.list(id)).map((a) => a.action);
    /** The first claim on a delivery: the one a test's single claimDelivery gave. */
    const firstClaim = (id: string) => ({ id, attempts: 1 });

    it('keeps a prepared distribution: its deliveries in order, its documents, its audit records', async () => {
      const { id, deliveryIds } = await seedDistribution(stores.distributions, [
        { role: 'coordinator', name: 'Anne Koordinator', organisation: 'Roskilde Kommune', channel: 'secure-email' },
        { role: 'citizen', name: 'Mette Hansen', channel: 'digital-post' },
        { role: 'general-practitioner', name: 'Lægerne i Algade', channel: 'letter' },
      ]);
      const d = await stores.distributions.getDistribution(id);
      expect(d).toMatchObject({
        id,
        kind: 'plan',
        createdBy: 'Test Aktør',
        title: 'Koordinerende indsatsplan, møde 1. maj 2014',
        sendRequestedAt: null,
        sendRequestedBy: null,
        expiredAt: null,
        documentsPurged: false,
      });
      expect(Date.parse(d!.createdAt)).not.toBeNaN();
      expect(d!.deliveries.map((x) => [x.id, x.distributionId, x.position, x.role, x.name, x.channel, x.state, x.attempts, x.resumed])).toEqual([
        [deliveryIds[0], id, 0, 'coordinator', 'Anne Koordinator', 'secure-email', 'pending', 0, false],
        [deliveryIds[1], id, 1, 'citizen', 'Mette Hansen', 'digital-post', 'pending', 0, false],
        [deliveryIds[2], id, 2, 'general-practitioner', 'Lægerne i Algade', 'letter', 'pending', 0, false],
      ]);
      expect(d!.deliveries[0]).toMatchObject({
        organisation: 'Roskilde Kommune',
        address: 'anne.koordinator@example.dk',
        documents: ['plan-docx', 'plan-pdf'],
        text: 'Kære Anne Koordinator\n\nHer er planen for Mette Hansen.',
        lastError: null,
        reference: null,
        sentAt: null,
      });
      expect(d!.deliveries[1]!.address).toBe('0101804000'); // kept until its delivery has finished
      expect((await stores.distributions.getDocument(id, 'plan-pdf'))?.content.equals(FAKE_PDF)).toBe(true);
      expect(await stores.distributions.getDocument(id, 'plan-docx')).toMatchObject({ key: 'plan-docx', fileName: 'indsatsplan-2014-05-01.docx' });
      expect((await stores.distributions.getDocument(id, 'plan-docx'))?.content.equals(FAKE_DOCX)).toBe(true);
      expect(await stores.distributions.getDocument(id, 'no-such-key')).toBeUndefined();
      expect(await stores.distributions.getDistribution('no-such-id')).toBeUndefined();
      expect(await actions(id)).toEqual(['distribution-prepared']);
    });

    it('lets nothing of a prepared distribution be due, claimed or resumed until its send is requested', async () => {
      const { id, deliveryIds } = await seedDistribution(stores.distributions, [{ role: 'participant', name: 'Peter', channel: 'secure-email' }]);
      const [d] = deliveryIds as [string];
      expect(await stores.distributions.dueDeliveryIds(id, Date.now())).toEqual([]);
      expect(await stores.distributions.claimDelivery(d, Date.now())).toBeUndefined();
      expect(await stores.distributions.distributionsToResume(Date.now())).not.toContain(id);

      expect(await recordSendRequest(stores.distributions, id, 'Anne')).toBe('requested');
      expect(await recordSendRequest(stores.distributions, id, 'Bo')).toBe('already-requested');
      expect(await recordSendRequest(stores.distributions, 'no-such-id', 'Bo')).toBe('not-found');
      // the first request is the one kept; every request is audited
      expect(await stores.distributions.getDistribution(id)).toMatchObject({ sendRequestedAt: expect.any(String), sendRequestedBy: 'Anne' });
      expect((await stores.audit.list(id)).filter((a) => a.action === 'send-requested').map((a) => a.actor)).toEqual(['Anne', 'Bo']);
      expect(await stores.distributions.dueDeliveryIds(id, Date.now())).toEqual([d]);
      expect(await stores.distributions.distributionsToResume(Date.now())).toContain(id);
    });

    it('lets exactly one claimer take a due delivery, also from another connection, and counts the attempt', async () => {
      const { id, deliveryIds } = await seedRequestedDistribution(stores.distributions, [{ role: 'participant', name: 'Peter', channel: 'secure-email' }]);
      const [d] = deliveryIds as [string];
      expect(await stores.distributions.dueDeliveryIds(id, Date.now())).toEqual([d]);
      expect(await stores.distributions.claimDelivery(d, Date.now())).toMatchObject({ id: d, state: 'sending', attempts: 1 });
      expect(await stores.distributions.claimDelivery(d, Date.now())).toBeUndefined();
      const other = await openStores();
      try {
        expect(await other.distributions.claimDelivery(d, Date.now())).toBeUndefined();
      } finally {
        await other.close();
      }
    });

    it('lets a claim whose lease ran out (its process died) be taken over, marked resumed and audited', async () => {
      const { id, deliveryIds } = await seedRequestedDistribution(stores.distributions, [{ role: 'participant', name: 'Peter', channel: 'secure-email' }]);
      const [d] = deliveryIds as [string];
      const t = Date.now();
      expect(await stores.distributions.claimDelivery(d, t, 1000)).toMatchObject({ state: 'sending', attempts: 1, resumed: false });
      expect(await stores.distributions.dueDeliveryIds(id, t + 999)).toEqual([]);
      expect(await stores.distributions.claimDelivery(d, t + 999, 1000)).toBeUndefined();
      expect(await stores.distributions.dueDeliveryIds(id, t + 1000)).toEqual([d]);
      expect(await stores.distributions.claimDelivery(d, t + 1000, 1000)).toMatchObject({ state: 'sending', attempts: 2, resumed: true });
      expect(await actions(id)).toEqual(['distribution-prepared', 'send-requested', 'delivery-resumed']);
      expect((await stores.audit.list(id))[2]).toMatchObject({ actor: 'system', deliveryId: d, role: 'participant', name: 'Peter', channel: 'secure-email' });
    });

    describe('a late result of an attempt whose claim another replica took over', () => {
      // Replica A claims with a short lease and stalls (slow SMTP, a paused process); once the
      // lease has run out replica B, on a connection of its own, takes the delivery over.
      async function takenOver() {
        const { id, deliveryIds } = await seedRequestedDistribution(stores.distributions, [{ role: 'participant', name: 'Peter', channel: 'secure-email' }]);
        const [d] = deliveryIds as [string];
        const t = Date.now();
        const a = await stores.distributions.claimDelivery(d, t, 1000);
        const replicaB = await openStores();
        const b = await replicaB.distributions.claimDelivery(d, t + 1000, 1000);
        expect([a?.attempts, b?.attempts]).toEqual([1, 2]);
        return { id, d, a: a!, b: b!, replicaB };
      }
      const failedEntry = (id: string, d: string): AuditEntry => ({ actor: 'system', action: 'delivery-failed', distributionId: id, deliveryId: d, outcome: 'fejlet', detail: 'Forbindelsen til mailserveren blev afbrudt.' });
      const sentEntry = (id: string, d: string): AuditEntry => ({ ...sent(id), deliveryId: d });

      it("is refused after B has completed 'sent': the record and the audit log still say sent", async () => {
        const { id, d, a, b, replicaB } = await takenOver();
        try {
          expect(await replicaB.distributions.completeDelivery(b, { state: 'sent', reference: 'b-ref' }, sentEntry(id, d))).toMatchObject({ state: 'sent' });
        } finally {
          await replicaB.close();
        }
        expect(await stores.distributions.completeDelivery(a, { state: 'failed', reason: 'Forbindelsen til mailserveren blev afbrudt.' }, failedEntry(id, d))).toBeUndefined();
        const dist = await stores.distributions.getDistribution(id);
        expect(dist!.deliveries[0]).toMatchObject({ state: 'sent', reference: 'b-ref', lastError: null, attempts: 2, sentAt: expect.any(String) });
        expect(dist!.documentsPurged).toBe(true);
        const log = await stores.audit.list(id);
        expect(log.map((r) => r.action)).toEqual(['distribution-prepared', 'send-requested', 'delivery-resumed', 'delivery-sent', 'delivery-result-ignored']);
        expect(log.filter((r) => r.deliveryId === d && r.action !== 'delivery-result-ignored').at(-1)).toMatchObject({ action: 'delivery-sent', outcome: 'sendt' });
        expect(log[4]).toMatchObject({ deliveryId: d, outcome: expect.stringContaining('fejlet'), detail: expect.stringContaining('Forsøg 1') });
      });

      it("is refused while B still holds the claim, and B's 'sent' is recorded after it", async () => {
        const { id, d, a, b, replicaB } = await takenOver();
        try {
          expect(await stores.distributions.completeDelivery(a, { state: 'failed', reason: 'Forbindelsen til mailserveren blev afbrudt.' }, failedEntry(id, d))).toBeUndefined();
          expect((await stores.distributions.getDistribution(id))!.deliveries[0]).toMatchObject({ state: 'sending', attempts: 2, text: expect.stringContaining('Kære Peter') });
          expect(await replicaB.distributions.completeDelivery(b, { state: 'sent', reference: 'b-ref' }, sentEntry(id, d))).toMatchObject({ state: 'sent', reference: 'b-ref' });
        } finally {
          await replicaB.close();
        }
        expect((await stores.distributions.getDistribution(id))!.deliveries[0]).toMatchObject({ state: 'sent', reference: 'b-ref', lastError: null });
        expect(await actions(id)).toEqual(['distribution-prepared', 'send-requested', 'delivery-resumed', 'delivery-result-ignored', 'delivery-sent']);
      });

      // A late 'sent' is a fact: the channel took the message. Ignoring it would send it again,
      // or end the delivery as "nothing was sent" while the recipient has it.
      const retryEntry = (id: string, d: string): AuditEntry => ({ actor: 'system', action: 'delivery-retry-scheduled', distributionId: id, deliveryId: d, outcome: 'nyt forsøg' });
      const lateSent = (id: string, d: string, a: DeliveryClaim) => stores.distributions.completeDelivery(a, { state: 'sent', reference: 'a-ref' }, sentEntry(id, d));

      it("records A's late 'sent' after B scheduled a retry: sent, not due again, documents gone", async () => {
        const { id, d, a, b, replicaB } = await takenOver();
        try {
          const later = Date.now() + 60_000;
          expect(await replicaB.distributions.completeDelivery(b, { state: 'pending', reason: '451 prøv igen senere. Der forsøges igen.', nextAttemptAt: later }, retryEntry(id, d))).toMatchObject({ state: 'pending' });
        } finally {
          await replicaB.close();
        }
        expect(await lateSent(id, d, a)).toMatchObject({ state: 'sent', reference: 'a-ref' });
        const dist = await stores.distributions.getDistribution(id);
        expect(dist!.deliveries[0]).toMatchObject({ state: 'sent', reference: 'a-ref', lastError: null, attempts: 2, text: '' });
        expect(dist!.documentsPurged).toBe(true);
        expect(await stores.distributions.nextPendingAt(id)).toBeUndefined();
        expect(await stores.distributions.claimDelivery(d, Date.now() + 120_000)).toBeUndefined();
        const log = await stores.audit.list(id);
        expect(log.map((r) => r.action)).toEqual(['distribution-prepared', 'send-requested', 'delivery-resumed', 'delivery-retry-scheduled', 'delivery-sent']);
        expect(log[4]).toMatchObject({ outcome: 'sendt', detail: expect.stringMatching(/Forsøg 1 .*frist var udløbet.*kan også have sendt/) });
      });

      it("records A's late 'sent' after B gave up, and ignores B's result after A's 'sent' while B still held the claim", async () => {
        const gaveUp = await takenOver();
        try {
          await gaveUp.replicaB.distributions.completeDelivery(gaveUp.b, { state: 'failed', reason: 'Opgivet.' }, failedEntry(gaveUp.id, gaveUp.d));
        } finally {
          await gaveUp.replicaB.close();
        }
        expect(await lateSent(gaveUp.id, gaveUp.d, gaveUp.a)).toMatchObject({ state: 'sent', lastError: null });

        const { id, d, a, b, replicaB } = await takenOver();
        try {
          expect(await lateSent(id, d, a)).toMatchObject({ state: 'sent', reference: 'a-ref' });
          expect(await replicaB.distributions.completeDelivery(b, { state: 'sent', reference: 'b-ref' }, sentEntry(id, d))).toBeUndefined();
        } finally {
          await replicaB.close();
        }
        expect((await stores.distributions.getDistribution(id))!.deliveries[0]).toMatchObject({ state: 'sent', reference: 'a-ref' });
        expect(await actions(id)).toEqual(['distribution-prepared', 'send-requested', 'delivery-resumed', 'delivery-sent', 'delivery-result-ignored']);
      });
    });

    it('does not claim a delivery before its next attempt is due, and tells when that is', async () => {
      const { id, deliveryIds } = await seedRequestedDistribution(stores.distributions, [{ role: 'participant', name: 'Peter', channel: 'secure-email' }]);
      const [d] = deliveryIds as [string];
      expect(await stores.distributions.nextPendingAt(id)).toBe(0);
      await stores.distributions.claimDelivery(d, Date.now());
      expect(await stores.distributions.nextPendingAt(id)).toBeUndefined();
      const later = Date.now() + 60_000;
      const row = await stores.distributions.completeDelivery(
        firstClaim(d),
        { state: 'pending', reason: 'Midlertidig fejl. Der forsøges igen.', nextAttemptAt: later },
        { actor: 'system', action: 'delivery-retry-scheduled', distributionId: id, outcome: 'nyt forsøg' },
      );
      expect(row).toMatchObject({ state: 'pending', nextAttemptAt: later, lastError: 'Midlertidig fejl. Der forsøges igen.', text: expect.stringContaining('Kære Peter') });
      expect(await stores.distributions.nextPendingAt(id)).toBe(later);
      expect(await stores.distributions.claimDelivery(d, Date.now())).toBeUndefined();
      expect(await stores.distributions.claimDelivery(d, later)).toMatchObject({ attempts: 2 });
    });

    it('refuses to complete a delivery that was not claimed', async () => {
      const { id, deliveryIds } = await seedRequestedDistribution(stores.distributions, [{ role: 'participant', name: 'Peter', channel: 'secure-email' }]);
      await expect(stores.distributions.completeDelivery(firstClaim(deliveryIds[0]!), { state: 'sent', reference: 'r' }, sent(id))).rejects.toThrow();
      await expect(stores.distributions.completeDelivery(firstClaim('no-such-delivery'), { state: 'sent', reference: 'r' }, sent(id))).rejects.toThrow();
      expect(await actions(id)).toEqual(['distribution-prepared', 'send-requested']);
    });

    it('erases the CPR number and the message text once a delivery finished, and the documents once all have', async () => {
      const { id, deliveryIds } = await seedRequestedDistribution(stores.distributions, [
        { role: 'citizen', name: 'Mette Hansen', channel: 'digital-post' },
        { role: 'participant', name: 'Peter', channel: 'secure-email' },
      ]);
      const [citizen, peter] = deliveryIds as [string, string];
      await stores.distributions.claimDelivery(citizen, Date.now());
      const done = await stores.distributions.completeDelivery(firstClaim(citizen), { state: 'sent', reference: 'a.xml' }, sent(id));
      expect(done).toMatchObject({ state: 'sent', address: null, text: '', reference: 'a.xml', sentAt: expect.any(String) });
      expect(await stores.distributions.getDocument(id, 'plan-pdf')).toBeDefined(); // Peter still needs it
      await stores.distributions.claimDelivery(peter, Date.now());
      await stores.distributions.completeDelivery(firstClaim(peter), { state: 'failed', reason: 'Mailserveren afviste beskeden.' }, { ...sent(id), action: 'delivery-failed', outcome: 'fejlet' });
      const d = await stores.distributions.getDistribution(id);
      expect(d).toMatchObject({ documentsPurged: true });
      expect(d!.deliveries[1]).toMatchObject({ state: 'failed', address: 'peter@example.dk', text: '', lastError: 'Mailserveren afviste beskeden.' });
      for (const key of ['plan-pdf', 'plan-docx', 'gp-letter']) expect(await stores.distributions.getDocument(id, key)).toBeUndefined();
      expect(containsCprLike(JSON.stringify(d))).toBe(false);
      expect(await actions(id)).toEqual(['distribution-prepared', 'send-requested', 'delivery-sent', 'delivery-failed']);
    });

    it('stores a delivery that needs manual handling as such, without any CPR number or text, and keeps no documents for nobody', async () => {
      const { id } = await seedDistribution(stores.distributions, [
        { role: 'relative', name: 'Ole', channel: 'digital-post', address: '0202601233', manualReason: 'Ingen gyldigt cpr-nummer.' },
      ]);
      const d = await stores.distributions.getDistribution(id);
      expect(d!.deliveries[0]).toMatchObject({ state: 'manual', address: null, text: '', lastError: 'Ingen gyldigt cpr-nummer.' });
      expect(d!.documentsPurged).toBe(true);
      await recordSendRequest(stores.distributions, id, 'Anne');
      expect(await stores.distributions.dueDeliveryIds(id, Date.now())).toEqual([]);
    });

    it('at start-up releases a claim only where no other live process can hold it; elsewhere its lease ends it', async () => {
      const { id, deliveryIds } = await seedRequestedDistribution(stores.distributions, [{ role: 'participant', name: 'Peter', channel: 'secure-email' }]);
      const [d] = deliveryIds as [string];
      const t = Date.now();
      await stores.distributions.claimDelivery(d, t, 60_000);
      await stores.close();
      stores = await openStores();
      const released = await stores.distributions.releaseInterruptedClaims('system');
      if (stores.shared) {
        // Replicas share the database: the claim may be a live one's, and stays until its lease runs out.
        expect(released.find((r) => r.id === d)).toBeUndefined();
        expect((await stores.distributions.getDistribution(id))!.deliveries[0]).toMatchObject({ state: 'sending', attempts: 1, resumed: false });
        expect(await stores.distributions.distributionsToResume(t + 59_999)).not.toContain(id);
        expect(await stores.distributions.distributionsToResume(t + 60_000)).toContain(id);
        expect(await stores.distributions.claimDelivery(d, t + 60_000)).toMatchObject({ state: 'sending', attempts: 2, resumed: true });
      } else {
        // One process per database: the process that held it is the one starting again.
        expect(released.find((r) => r.id === d)).toMatchObject({ state: 'pending', resumed: true });
        expect((await stores.distributions.getDistribution(id))!.deliveries[0]).toMatchObject({ state: 'pending', attempts: 1, resumed: true, nextAttemptAt: 0 });
        expect(await stores.distributions.distributionsToResume(t)).toContain(id);
      }
      expect(await actions(id)).toEqual(['distribution-prepared', 'send-requested', 'delivery-resumed']);
    });

    it('finds the distributions with a delivery due now or a claim whose lease ran out, for the sweep; never one only prepared', async () => {
      const t = Date.now();
      const prepared = await seedDistribution(stores.distributions, [{ role: 'participant', name: 'Peter', channel: 'secure-email' }]);
      const due = await seedRequestedDistribution(stores.distributions, [{ role: 'participant', name: 'Peter', channel: 'secure-email' }]);
      const claimed = await seedRequestedDistribution(stores.distributions, [{ role: 'participant', name: 'Bo', channel: 'secure-email' }]);
      const later = await seedRequestedDistribution(stores.distributions, [{ role: 'participant', name: 'Sara', channel: 'secure-email' }]);
      await stores.distributions.claimDelivery(claimed.deliveryIds[0]!, t, 1000);
      await stores.distributions.claimDelivery(later.deliveryIds[0]!, t, 1000);
      await stores.distributions.completeDelivery(
        firstClaim(later.deliveryIds[0]!),
        { state: 'pending', reason: 'Midlertidig fejl. Der forsøges igen.', nextAttemptAt: t + 5000 },
        { actor: 'system', action: 'delivery-retry-scheduled', distributionId: later.id, outcome: 'nyt forsøg' },
      );
      const ours = [prepared.id, due.id, claimed.id, later.id];
      const mine = (found: string[]) => found.filter((x) => ours.includes(x)).sort();
      expect(mine(await stores.distributions.distributionsDue(t))).toEqual([due.id]);
      expect(mine(await stores.distributions.distributionsDue(t + 1000))).toEqual([due.id, claimed.id].sort());
      expect(mine(await stores.distributions.distributionsDue(t + 5000))).toEqual([due.id, claimed.id, later.id].sort());
      // start-up also resumes a retry not yet due (its timer died with its process)
      expect(mine(await stores.distributions.distributionsToResume(t))).toEqual([due.id, later.id].sort());
    });

    it('gives each due delivery to exactly one of many claimers on two connections at once', async () => {
      const recipients = Array.from({ length: 8 }, (_, i) => ({ role: 'participant' as const, name: `Deltager ${i}`, channel: 'secure-email' as const }));
      const { deliveryIds } = await seedRequestedDistribution(stores.distributions, recipients);
      const other = await openStores();
      try {
        const now = Date.now();
        // Every delivery claimed four times at once, from both connections.
        const claims = await Promise.all(deliveryIds.flatMap((d) => [stores, other, stores, other].map((s) => s.distributions.claimDelivery(d, now))));
        const won = claims.filter((c) => c !== undefined).map((c) => c.id);
        expect(won.sort()).toEqual([...deliveryIds].sort());
      } finally {
        await other.close();
      }
    });

    it('deletes the documents when the last two deliveries finish at once on two connections', async () => {
      // Many distributions at once, so that the two completions of some of them interleave.
      const seeded = await Promise.all(
        Array.from({ length: 12 }, () =>
          seedRequestedDistribution(stores.distributions, [
            { role: 'participant', name: 'Peter', channel: 'secure-email' },
            { role: 'participant', name: 'Bo', channel: 'secure-email' },
          ]),
        ),
      );
      const other = await openStores();
      try {
        for (const { deliveryIds } of seeded) {
          await stores.distributions.claimDelivery(deliveryIds[0]!, Date.now());
          await other.distributions.claimDelivery(deliveryIds[1]!, Date.now());
        }
        await Promise.all(
          seeded.flatMap(({ id, deliveryIds }) => [
            stores.distributions.completeDelivery(firstClaim(deliveryIds[0]!), { state: 'sent', reference: 'a' }, sent(id)),
            other.distributions.completeDelivery(firstClaim(deliveryIds[1]!), { state: 'sent', reference: 'b' }, sent(id)),
          ]),
        );
      } finally {
        await other.close();
      }
      for (const { id } of seeded) {
        expect(await stores.distributions.getDistribution(id)).toMatchObject({ documentsPurged: true });
        expect(await stores.distributions.getDocument(id, 'plan-pdf')).toBeUndefined();
      }
    });

    it('expires a prepared distribution created before the cutoff, erasing its personal data, and nothing else', async () => {
      const prepared = await seedDistribution(stores.distributions, [
        { role: 'citizen', name: 'Mette Hansen', channel: 'digital-post' },
        { role: 'relative', name: 'Ole', organisation: 'far', channel: 'digital-post', address: null, manualReason: 'Ingen gyldigt cpr-nummer.' },
      ]);
      const requested = await seedRequestedDistribution(stores.distributions, [{ role: 'participant', name: 'Peter', channel: 'secure-email' }]);
      const expiry = { actor: 'system', action: 'distribution-expired' as const, outcome: 'udløbet' };
      expect(await stores.distributions.expireUnsent('2000-01-01T00:00:00.000Z', expiry, 'Udløbet.')).not.toContain(prepared.id);
      const cutoff = new Date(Date.now() + 1000).toISOString();
      const expired = await stores.distributions.expireUnsent(cutoff, expiry, 'Udløbet.');
      expect(expired).toContain(prepared.id);
      expect(expired).not.toContain(requested.id);
      expect(await stores.distributions.expireUnsent(cutoff, expiry, 'Udløbet.')).not.toContain(prepared.id); // once

      const d = await stores.distributions.getDistribution(prepared.id);
      expect(d).toMatchObject({ expiredAt: expect.any(String), documentsPurged: true, sendRequestedAt: null });
      expect(d!.deliveries.map((x) => [x.role, x.channel, x.state, x.name, x.organisation, x.address, x.text, x.subject, x.lastError])).toEqual([
        ['citizen', 'digital-post', 'expired', '', '', null, '', '', 'Udløbet.'],
        ['relative', 'digital-post', 'manual', '', '', null, '', '', 'Ingen gyldigt cpr-nummer.'],
      ]);
      expect(await stores.distributions.getDocument(prepared.id, 'plan-pdf')).toBeUndefined();
      expect((await stores.audit.list(prepared.id)).map((a) => [a.action, a.actor, a.name ?? null])).toEqual([
        ['distribution-prepared', 'Test Aktør', null],
        ['distribution-expired', 'system', null],
      ]);
      expect(await recordSendRequest(stores.distributions, prepared.id, 'Anne')).toBe('expired');
      expect(await stores.audit.list(prepared.id)).toHaveLength(2);
      expect(await stores.distributions.getDistribution(requested.id)).toMatchObject({ expiredAt: null, deliveries: [{ name: 'Peter', state: 'pending' }] });
      expect(await stores.distributions.getDocument(requested.id, 'plan-pdf')).toBeDefined();
    });

    it('keeps the first idempotent answer under a key, and forgets answers saved before a time', async () => {
      const { id } = await seedDistribution(stores.distributions, [{ role: 'participant', name: 'Peter', channel: 'secure-email' }]);
      const key = `k-${id}`;
      expect(await stores.idempotency.get(key)).toBeUndefined();
      await stores.idempotency.save(key, { distributionId: id, body: { finished: true, distribution: { id } } });
      await stores.idempotency.save(key, { distributionId: id, body: { finished: false } }); // the first answer stays
      expect(await stores.idempotency.get(key)).toEqual({ distributionId: id, body: { finished: true, distribution: { id } } });
      expect(await stores.idempotency.deleteBefore('2000-01-01T00:00:00.000Z')).toBe(0);
      expect(await stores.idempotency.get(key)).toBeDefined();
      expect(await stores.idempotency.deleteBefore(new Date(Date.now() + 1000).toISOString())).toBeGreaterThanOrEqual(1);
      expect(await stores.idempotency.get(key)).toBeUndefined();
    });

    it('appends audit records and lists them in order, per distribution and all together', async () => {
      const a = await seedDistribution(stores.distributions, []);
      const b = await seedDistribution(stores.distributions, []);
      await stores.audit.append({ actor: 'Anne', action: 'send-requested', distributionId: a.id, outcome: 'første', detail: 'forklaring' });
      await stores.audit.append({ actor: 'Bo', action: 'send-requested', distributionId: b.id, deliveryId: null, outcome: 'anden' });
      const records = await stores.audit.list(a.id);
      expect(records.map((r) => r.outcome)).toEqual(['forberedt', 'første']);
      expect(records[1]).toMatchObject({ actor: 'Anne', distributionId: a.id, deliveryId: null, role: null, name: null, channel: null, detail: 'forklaring' });
      expect(records[1]!.id).toBeGreaterThan(records[0]!.id);
      expect(Date.parse(records[1]!.at)).not.toBeNaN();
      const all = (await stores.audit.list()).filter((r) => r.distributionId === a.id || r.distributionId === b.id);
      expect(all.map((r) => r.outcome)).toEqual(['forberedt', 'forberedt', 'første', 'anden']);
    });

    it('scrubs anything CPR-like from audit records and the actor as a last line of defence', async () => {
      const { id } = await seedDistribution(stores.distributions, [], 'Anne 010180-4000');
      await stores.audit.append({ actor: 'x 0101804000', action: 'send-requested', distributionId: id, name: 'Ole 020260-1233', outcome: 'ok 010180-4000', detail: 'server said 0101804000' });
      expect(containsCprLike(JSON.stringify(await stores.audit.list(id)))).toBe(false);
      expect((await stores.distributions.getDistribution(id))!.createdBy).toBe('Anne [cpr]');
    });
  });

  describe(`auth store contract: ${name}`, () => {
    let auth: AuthStores;
    beforeEach(async () => {
      auth = await open.authStores();
    });
    afterEach(async () => {
      await auth.close();
    });
    const session = (o: Partial<SessionRecord> = {}): SessionRecord => ({
      id: `s-${randomUUID()}`,
      identity: { kind: 'person', id: 'person:akoo', name: 'Anne Koordinator (akoo)', organisation: 'Region Sjælland', roles: ['coordinator'], mayNameActor: false },
      csrfToken: randomUUID(),
      idToken: 'eyJ.id.token',
      createdAt: 1_700_000_000_000,
      lastSeenAt: 1_700_000_000_000,
      expiresAt: 1_700_036_000_000,
      ...o,
    });

    it('keeps a session as it was started, for every connection, until it is deleted', async () => {
      const s = session();
      await auth.sessions.create(s);
      const other = await open.authStores();
      try {
        expect(await other.sessions.get(s.id)).toEqual(s);
        await other.sessions.touch(s.id, s.lastSeenAt + 60_000);
        await auth.sessions.touch(s.id, s.lastSeenAt + 30_000); // an older request's touch does not move it back
        expect((await auth.sessions.get(s.id))?.lastSeenAt).toBe(s.lastSeenAt + 60_000);
        await other.sessions.delete(s.id);
        expect(await auth.sessions.get(s.id)).toBeUndefined();
      } finally {
        await other.close();
      }
      const noIdToken = session({ idToken: undefined });
      await auth.sessions.create(noIdToken);
      expect(await auth.sessions.get(noIdToken.id)).toEqual(noIdToken);
      expect(await auth.sessions.get('no-such-session')).toBeUndefined();
    });

    it('deletes the sessions past their absolute end or idle too long, and no other', async () => {
      const now = 1_800_000_000_000;
      const live = session({ lastSeenAt: now - 1000, expiresAt: now + 1000 });
      const ended = session({ lastSeenAt: now - 1000, expiresAt: now });
      const idle = session({ lastSeenAt: now - 31 * 60_000, expiresAt: now + 1000 });
      for (const s of [live, ended, idle]) await auth.sessions.create(s);
      expect(await auth.sessions.deleteExpired(now, now - 30 * 60_000)).toBeGreaterThanOrEqual(2);
      expect(await auth.sessions.get(live.id)).toEqual(live);
      expect(await auth.sessions.get(ended.id)).toBeUndefined();
      expect(await auth.sessions.get(idle.id)).toBeUndefined();
    });

    it("counts a client's requests in a window, from every connection together, and starts again when it has ended", async () => {
      const key = `id:${randomUUID()}`;
      const t = Date.now();
      expect(await auth.rateLimits.hit(key, t, 60_000)).toEqual({ hits: 1, resetAt: t + 60_000 });
      const other = await open.authStores();
      try {
        const hits = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? auth : other).rateLimits.hit(key, t + 10, 60_000)));
        expect(hits.map((h) => h.hits).sort((a, b) => a - b)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
        expect(hits.every((h) => h.resetAt === t + 60_000)).toBe(true);
        await other.rateLimits.undo(key);
        expect(await auth.rateLimits.hit(key, t + 20, 60_000)).toEqual({ hits: 11, resetAt: t + 60_000 });
      } finally {
        await other.close();
      }
      expect(await auth.rateLimits.hit(key, t + 60_000, 60_000)).toEqual({ hits: 1, resetAt: t + 120_000 });
      await auth.rateLimits.reset(key);
      expect(await auth.rateLimits.hit(key, t + 60_001, 60_000)).toEqual({ hits: 1, resetAt: t + 120_001 });
      expect((await auth.rateLimits.hit(`id:${randomUUID()}`, t, 60_000)).hits).toBe(1); // each client on its own
    });
  });
}
