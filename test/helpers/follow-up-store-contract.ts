/**
 * The contract every implementation of the FollowUpStore keeps, as one suite: run it against
 * an implementation with one line, `describeFollowUpStoreContract('Name', () => openThoseStores())`.
 *
 * `openStores` opens a new connection to one and the same database each time it is called (a
 * second one stands for another replica). The database may hold other tests' data: each test
 * uses its own owner, ids and years, and the tests that claim or delete by date use years no
 * other test does (1900, 1901), earliest first.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Stores } from '../../src/storage/stores.js';
import type { NewFollowUp } from '../../src/follow-up/follow-up-store.js';
import { followUpMatchKey } from '../../src/follow-up/follow-up-of-plan.js';
import { safeUuid } from '../../src/distribution/safe-id.js';

const coordinator = { name: 'Anne Andersen', organisation: 'Misbrugscenter Roskilde', email: 'anne.andersen@misbrugscenter.example.dk' };

/** A name of a test's own: follow-ups of the same coordinator and citizen end each other, across tests too. */
const unique = (name: string) => `${name} ${safeUuid().slice(0, 8)}`;

/** A follow-up of a test's own: a fresh owner and citizen unless given, so listings see only the test's. */
function followUp(o: Partial<NewFollowUp> = {}): NewFollowUp {
  const citizenName = o.citizenName ?? unique('Jens Peter Nielsen');
  return {
    id: safeUuid(),
    distributionId: safeUuid(),
    followUpDate: '2014-10-01',
    meetingDate: '2014-05-01',
    citizenName,
    coordinator,
    participants: [{ name: 'Peter Holm', organisation: 'Distriktspsykiatrien', email: 'peter.holm@psykiatri.example.dk' }],
    // Keyed by the name (no CPR number): what the store sees is only a key, equal or not.
    matchKey: followUpMatchKey('the-contract-suite-s-own-secret-32-chars', o.coordinator ?? coordinator, { name: citizenName, cpr: '' }),
    owner: { id: `key:${safeUuid()}`, organisation: `Org ${safeUuid()}` },
    ...o,
  };
}

export function describeFollowUpStoreContract(name: string, openStores: () => Stores | Promise<Stores>): void {
  describe(`follow-up store contract: ${name}`, () => {
    let stores: Stores;
    const extra: Stores[] = [];
    beforeEach(async () => {
      stores = await openStores();
    });
    afterEach(async () => {
      for (const s of [stores, ...extra.splice(0)]) await s.close();
    });
    const claim = (now: number, dueUpTo: string, leaseMs = 60_000) => ({ dueUpTo, now, leaseMs, newDistributionId: safeUuid() });

    it('keeps a follow-up pending, unlisted and never reminded until its distribution’s send request', async () => {
      const f = followUp({ followUpDate: '1900-01-10' });
      const owner = { ownerId: f.owner.id, organisation: f.owner.organisation };
      await stores.followUps.savePending(f, '2014-09-01T08:00:00.000Z');
      expect(await stores.followUps.listActive(owner)).toEqual([]);
      expect(await stores.followUps.get(f.id)).toMatchObject({ id: f.id, activatedAt: null });
      expect(await stores.followUps.claimReminder(claim(1, '1900-12-31'))).toBeUndefined();
      expect((await stores.followUps.listPending()).filter((p) => p.id === f.id)).toHaveLength(1);

      expect(await stores.followUps.activate(f.distributionId, '2014-09-01T08:01:00.000Z')).toEqual({ activated: true, activeId: f.id, endedIds: [] });
      expect(await stores.followUps.activate(f.distributionId, '2014-09-01T08:02:00.000Z')).toEqual({ activated: false, activeId: f.id, endedIds: [] });
      expect(await stores.followUps.activate(safeUuid(), '2014-09-01T08:02:00.000Z')).toEqual({ activated: false, activeId: undefined, endedIds: [] });
      expect((await stores.followUps.listPending()).filter((p) => p.id === f.id)).toEqual([]);
      const listed = await stores.followUps.listActive(owner);
      expect(listed).toEqual([{ ...f, createdAt: '2014-09-01T08:00:00.000Z', activatedAt: '2014-09-01T08:01:00.000Z', reminderDistributionId: null, remindedAt: null }]);
      expect(await stores.followUps.get(f.id)).toEqual(listed[0]);
      // Claimed, reminded, and deleted here, so that no later test meets it.
      expect((await stores.followUps.claimReminder(claim(1, '1900-12-31')))?.id).toBe(f.id);
      await stores.followUps.markReminded(f.id, '2014-09-02T00:00:00.000Z');
      expect(await stores.followUps.deletePending(f.distributionId)).toBe(false);
    });

    it('lists the active follow-ups of an owner or of an organisation, by date', async () => {
      const owner = { id: `key:${safeUuid()}`, organisation: `Org ${safeUuid()}` };
      const later = followUp({ owner, followUpDate: '2014-11-01', citizenName: unique('Karin Holm') });
      const earlier = followUp({ owner, followUpDate: '2014-10-01' });
      const colleague = followUp({ owner: { id: `person:${safeUuid()}`, organisation: owner.organisation }, citizenName: unique('Bo Ibsen') });
      const elsewhere = followUp({ owner: { id: `person:${safeUuid()}`, organisation: `Org ${safeUuid()}` } });
      for (const f of [later, earlier, colleague, elsewhere]) {
        await stores.followUps.savePending(f, '2014-09-01T08:00:00.000Z');
        await stores.followUps.activate(f.distributionId, '2014-09-01T08:00:00.000Z');
      }
      expect((await stores.followUps.listActive({ ownerId: owner.id, organisation: `Org ${safeUuid()}` })).map((f) => f.id)).toEqual([earlier.id, later.id]);
      expect((await stores.followUps.listActive({ ownerId: 'nobody', organisation: owner.organisation })).map((f) => f.id).sort()).toEqual(
        [earlier.id, later.id, colleague.id].sort(),
      );
    });

    it('keeps only the newest plan of a coordinator and citizen, whichever is sent last', async () => {
      const owner = { id: `key:${safeUuid()}`, organisation: `Org ${safeUuid()}` };
      const citizenName = unique('Jens Peter Nielsen');
      const may = followUp({ owner, citizenName });
      const september = followUp({ owner, citizenName, meetingDate: '2014-09-25', followUpDate: '2015-02-01' });
      const otherCitizen = followUp({ owner, citizenName: unique('Karin Holm') });
      const otherCoordinator = followUp({ owner, citizenName, coordinator: { ...coordinator, email: 'bo@kommune.example.dk' } });
      for (const f of [may, september, otherCitizen, otherCoordinator]) await stores.followUps.savePending(f, '2014-09-01T08:00:00.000Z');
      for (const f of [may, otherCitizen, otherCoordinator]) await stores.followUps.activate(f.distributionId, '2014-09-01T09:00:00.000Z');
      expect(await stores.followUps.activate(september.distributionId, '2014-09-26T09:00:00.000Z')).toEqual({ activated: true, activeId: september.id, endedIds: [may.id] });
      expect(await stores.followUps.get(may.id)).toBeUndefined();

      // The May plan sent again after September's: it is the older one, and it goes.
      const mayAgain = followUp({ owner, citizenName });
      await stores.followUps.savePending(mayAgain, '2014-09-27T08:00:00.000Z');
      expect(await stores.followUps.activate(mayAgain.distributionId, '2014-09-27T09:00:00.000Z')).toEqual({ activated: true, activeId: september.id, endedIds: [mayAgain.id] });
      const active = await stores.followUps.listActive({ ownerId: owner.id, organisation: owner.organisation });
      expect(active.map((f) => f.id).sort()).toEqual([september.id, otherCitizen.id, otherCoordinator.id].sort());
    });

    it('does not remind twice of a follow-up sent again after its reminder (a corrected plan, the same date)', async () => {
      const owner = { id: `key:${safeUuid()}`, organisation: `Org ${safeUuid()}` };
      const citizenName = unique('Jens Peter Nielsen');
      const first = followUp({ owner, citizenName, followUpDate: '1900-06-01' });
      await stores.followUps.savePending(first, '2014-09-01T08:00:00.000Z');
      await stores.followUps.activate(first.distributionId, '2014-09-01T08:00:00.000Z');
      const claimed = await stores.followUps.claimReminder(claim(1, '1900-06-01'));
      expect(claimed?.id).toBe(first.id);
      await stores.followUps.markReminded(first.id, '2014-09-10T00:00:00.000Z');
      const corrected = followUp({ owner, citizenName, followUpDate: '1900-06-01' });
      await stores.followUps.savePending(corrected, '2014-09-11T08:00:00.000Z');
      await stores.followUps.activate(corrected.distributionId, '2014-09-11T08:00:00.000Z');
      expect(await stores.followUps.get(corrected.id)).toMatchObject({ remindedAt: '2014-09-10T00:00:00.000Z', reminderDistributionId: claimed?.reminderDistributionId });
      expect(await stores.followUps.claimReminder(claim(2, '1900-06-01'))).toBeUndefined();
      expect(await stores.followUps.deleteDatedUpTo('1900-12-31')).toBeGreaterThanOrEqual(1);
    });

    it('lets one scheduler at a time hold a due reminder, from any connection, and none after it was sent', async () => {
      const f = followUp({ followUpDate: '1900-10-01' });
      await stores.followUps.savePending(f, '2014-09-01T08:00:00.000Z');
      await stores.followUps.activate(f.distributionId, '2014-09-01T08:00:00.000Z');
      const other = await openStores();
      extra.push(other);

      expect(await stores.followUps.claimReminder(claim(1000, '1900-09-30'))).toBeUndefined(); // not due before its day
      const [a, b] = await Promise.all([stores.followUps.claimReminder(claim(1000, '1900-10-01')), other.followUps.claimReminder(claim(1000, '1900-10-01'))]);
      const first = a ?? b;
      expect([a, b].filter(Boolean)).toHaveLength(1);
      expect(first).toMatchObject({ id: f.id, reminderDistributionId: expect.any(String) });
      expect(await other.followUps.claimReminder(claim(60_999, '1900-10-01'))).toBeUndefined();
      // The lease ran out (its scheduler died): another takes it over, with the same distribution.
      const second = await other.followUps.claimReminder(claim(61_000, '1900-10-01'));
      expect(second?.reminderDistributionId).toBe(first?.reminderDistributionId);
      await other.followUps.markReminded(f.id, '2014-09-10T00:00:00.000Z');
      expect(await stores.followUps.claimReminder(claim(10_000_000, '1900-10-01'))).toBeUndefined();
      expect((await stores.followUps.get(f.id))?.remindedAt).toBe('2014-09-10T00:00:00.000Z');
      expect(await stores.followUps.deleteDatedUpTo('1900-12-31')).toBeGreaterThanOrEqual(1);
    });

    it('deletes follow-ups, pending or active, dated on or before a day, and counts the overdue', async () => {
      const owner = { id: `key:${safeUuid()}`, organisation: `Org ${safeUuid()}` };
      const early = followUp({ owner, followUpDate: '1901-10-01' });
      const late = followUp({ owner, followUpDate: '1901-10-02', citizenName: unique('Karin Holm') });
      const pending = followUp({ owner, followUpDate: '1901-09-01', citizenName: unique('Bo Ibsen') });
      for (const f of [early, late, pending]) await stores.followUps.savePending(f, '2014-09-01T08:00:00.000Z');
      await stores.followUps.activate(early.distributionId, '2014-09-01T08:00:00.000Z');
      await stores.followUps.activate(late.distributionId, '2014-09-01T08:00:00.000Z');
      expect(await stores.followUps.countOverdue('1901-10-02')).toBe(1);
      expect(await stores.followUps.deleteDatedUpTo('1901-10-01')).toBe(2);
      expect((await stores.followUps.listActive({ ownerId: owner.id, organisation: owner.organisation })).map((f) => f.id)).toEqual([late.id]);
      expect(await stores.followUps.get(pending.id)).toBeUndefined();
      expect(await stores.followUps.deleteDatedUpTo('1901-12-31')).toBe(1);
    });

    it('drops a pending follow-up, and never an active one', async () => {
      const f = followUp();
      const g = followUp();
      await stores.followUps.savePending(f, '2014-09-01T08:00:00.000Z');
      await stores.followUps.savePending(g, '2014-09-01T08:00:00.000Z');
      await stores.followUps.activate(g.distributionId, '2014-09-01T08:00:00.000Z');
      expect(await stores.followUps.deletePending(f.distributionId)).toBe(true);
      expect(await stores.followUps.deletePending(g.distributionId)).toBe(false);
      expect(await stores.followUps.get(f.id)).toBeUndefined();
      expect(await stores.followUps.get(g.id)).toBeDefined();
    });

    it('lets a reminder be a distribution of its own kind', async () => {
      const id = safeUuid();
      await stores.distributions.createDistribution({ id, kind: 'reminder', createdBy: 'system', owner: { id: 'key:x', organisation: 'Kommunen' }, title: 'Påmindelse' }, [], [], []);
      expect(await stores.distributions.getDistribution(id)).toMatchObject({ kind: 'reminder', deliveries: [] });
    });
  });
}
