import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteStores } from '../src/storage/open-sqlite-stores.js';
import type { Stores } from '../src/storage/stores.js';
import { DistributionSender, type RetryPolicy } from '../src/distribution/send-distribution.js';
import { DEFAULT_CLAIM_LEASE_MS, type DistributionStore } from '../src/distribution/distribution-store.js';
import { createRequestSend } from '../src/distribution/request-send.js';
import { containsCprLike } from '../src/shared/redact.js';
import { capturedLogger, fakeChannels, FAKE_DOCX, FAKE_PDF, seedDistribution, seedRequestedDistribution, type Script } from './helpers/distribution.js';

const policy: RetryPolicy = { maxAttempts: 3, retryBaseMs: 1000, retryMaxMs: 3000 };
const open: Array<{ stores: Stores; sender: DistributionSender }> = [];
const logs: string[][] = [];

async function setup(script?: Script, retry: RetryPolicy = policy) {
  const stores = openSqliteStores(':memory:');
  const store = stores.distributions;
  const fake = fakeChannels(script);
  const { logger, lines } = capturedLogger();
  logs.push(lines);
  const clock = { now: 1_000_000 };
  const sender = new DistributionSender({ store, channels: fake.channels, logger, retry, now: () => clock.now });
  open.push({ stores, sender });
  const { id, deliveryIds } = await seedRequestedDistribution(store, [
    { role: 'coordinator', name: 'Anne Koordinator', channel: 'secure-email' },
    { role: 'participant', name: 'Peter Psykiater', channel: 'secure-email' },
    { role: 'citizen', name: 'Mette Hansen', channel: 'digital-post' },
    { role: 'general-practitioner', name: 'Lægerne i Algade', channel: 'letter' },
  ]);
  return { store, stores, sender, fake, clock, id, deliveryIds, lines };
}
const states = async (store: DistributionStore, id: string) => (await store.getDistribution(id))!.deliveries.map((d) => d.state);

afterEach(async () => {
  for (const { sender, stores } of open.splice(0)) {
    await sender.close();
    await stores.close();
  }
  // Every log line of every test here: no CPR number, whatever the channels answered.
  for (const line of logs.splice(0).flat()) expect(containsCprLike(line), line).toBe(false);
});

describe('DistributionSender', () => {
  it('sends each recipient once by its channel, with the delivery id as the stable message id', async () => {
    const { store, sender, fake, id, deliveryIds, lines } = await setup();
    await sender.send(id, 'Anne');
    expect(await states(store, id)).toEqual(['sent', 'sent', 'sent', 'sent']);
    expect(fake.calls.map((c) => [c.channel, c.id])).toEqual([
      ['secure-email', deliveryIds[0]],
      ['secure-email', deliveryIds[1]],
      ['digital-post', deliveryIds[2]],
      ['letter', deliveryIds[3]],
    ]);
    expect(fake.mails[0]!.attachments.map((a) => [a.filename, a.content.equals(a.filename.endsWith('.pdf') ? FAKE_PDF : FAKE_DOCX)])).toEqual([
      ['indsatsplan-2014-05-01.docx', true],
      ['indsatsplan-2014-05-01.pdf', true],
    ]);
    expect(fake.posts[0]).toMatchObject({ recipientCpr: '0101804000', fileName: 'indsatsplan-2014-05-01.pdf' });

    await sender.send(id, 'Anne');
    expect(fake.calls).toHaveLength(4); // nothing sent twice
    expect(lines.some((l) => l.includes('delivery sent'))).toBe(true);
  });

  it('joins a pass already running instead of starting a second one', async () => {
    const { store, sender, fake, id } = await setup(async () => {
      await new Promise((r) => setTimeout(r, 5));
      return { status: 'sent', reference: 'ok' };
    });
    await Promise.all([sender.send(id), sender.send(id), sender.send(id)]);
    expect(fake.calls).toHaveLength(4);
    expect(await states(store, id)).toEqual(['sent', 'sent', 'sent', 'sent']);
  });

  it('retries a transient failure with exponential backoff and stops after the bound', async () => {
    const { store, stores, sender, fake, clock, id, deliveryIds } = await setup((_n, did) =>
      did === deliveryIdsRef.peter ? { status: 'failed', permanent: false, reason: 'Mailserveren kunne ikke nås.' } : { status: 'sent', reference: 'ok' },
    );
    const deliveryIdsRef = { peter: deliveryIds[1] };
    const peter = async () => (await store.getDistribution(id))!.deliveries[1]!;

    await sender.send(id);
    expect(await peter()).toMatchObject({ state: 'pending', attempts: 1, nextAttemptAt: clock.now + 1000 });
    await sender.send(id); // not due yet: nothing happens
    expect((await peter()).attempts).toBe(1);

    clock.now += 1000;
    await sender.send(id);
    expect(await peter()).toMatchObject({ state: 'pending', attempts: 2, nextAttemptAt: clock.now + 2000 });

    clock.now += 2000;
    await sender.send(id);
    expect(await peter()).toMatchObject({ state: 'failed', attempts: 3 });
    // One message, no contradiction: what failed, that it was given up, and what to do now.
    expect((await peter()).lastError).toBe('Mailserveren kunne ikke nås. Opgivet efter 3 forsøg. Intet er sendt til denne modtager; giv vedkommende dokumentet på anden sikker måde.');
    expect(fake.calls.filter((c) => c.id === deliveryIds[1])).toHaveLength(3);
    expect(fake.calls.filter((c) => c.id !== deliveryIds[1])).toHaveLength(3); // the others once each
    expect((await stores.audit.list(id)).filter((a) => a.deliveryId === deliveryIds[1]).map((a) => a.action)).toEqual([
      'delivery-retry-scheduled',
      'delivery-retry-scheduled',
      'delivery-failed',
    ]);
  });

  it('retries on its own once the backoff has passed', async () => {
    const stores = openSqliteStores(':memory:');
    const store = stores.distributions;
    const fake = fakeChannels((n) => (n === 1 ? { status: 'failed', permanent: false, reason: 'Midlertidig fejl.' } : { status: 'sent', reference: 'ok' }));
    const { logger } = capturedLogger();
    const sender = new DistributionSender({ store, channels: fake.channels, logger, retry: { maxAttempts: 3, retryBaseMs: 30, retryMaxMs: 100 } });
    open.push({ stores, sender });
    const { id } = await seedRequestedDistribution(store, [{ role: 'participant', name: 'Peter', channel: 'secure-email' }]);
    await sender.send(id);
    expect(await states(store, id)).toEqual(['pending']);
    await expect.poll(() => states(store, id), { timeout: 2000 }).toEqual(['sent']);
    expect((await store.getDistribution(id))!.deliveries[0]!.attempts).toBe(2);
  });

  it('does not retry a permanent failure, and keeps its reason', async () => {
    const { store, sender, fake, id } = await setup((_n, _id) => ({ status: 'failed', permanent: true, reason: 'Mailserverens certifikat kunne ikke verificeres, så beskeden er ikke sendt.' }));
    await sender.send(id);
    expect(await states(store, id)).toEqual(['failed', 'failed', 'failed', 'failed']);
    expect((await store.getDistribution(id))!.deliveries[0]!.lastError).toMatch(/certifikat/);
    expect(fake.calls).toHaveLength(4);
  });

  it('treats a channel that throws as a transient failure', async () => {
    const { store, sender, id } = await setup(() => {
      throw new Error('boom 010180-4000');
    });
    await sender.send(id);
    expect(await states(store, id)).toEqual(['pending', 'pending', 'pending', 'pending']);
  });

  it('takes over a dead process’s claim on a later send once its lease has run out', async () => {
    const { store, sender, fake, id, deliveryIds, clock } = await setup();
    await store.claimDelivery(deliveryIds[1]!, clock.now); // a process that died mid-attempt
    await sender.send(id);
    expect(await states(store, id)).toEqual(['sent', 'sending', 'sent', 'sent']);
    clock.now += DEFAULT_CLAIM_LEASE_MS;
    await sender.send(id);
    expect(await states(store, id)).toEqual(['sent', 'sent', 'sent', 'sent']);
    expect(fake.calls.filter((c) => c.id === deliveryIds[1])).toHaveLength(1);
  });

  it('ignores the late result of an attempt that outlived its lease: the replica that took over keeps its outcome, the late one is audited as ignored', async () => {
    // Replica A's SMTP server stalls on Peter past A's lease; then it answers a failure.
    let reached!: () => void;
    const stalled = new Promise<void>((r) => (reached = r));
    let answer!: () => void;
    const gate = new Promise<void>((r) => (answer = r));
    const { store, stores, sender, id, deliveryIds, clock, lines } = await setup(async (_n, did) => {
      if (did !== deliveryIds[1]) return { status: 'sent', reference: 'a' };
      reached();
      await gate;
      return { status: 'failed', permanent: true, reason: 'Forbindelsen til mailserveren blev afbrudt.' };
    });
    const passA = sender.send(id);
    await stalled;
    // Replica B, on the same database, sweeps once A's lease has run out and sends Peter.
    clock.now += DEFAULT_CLAIM_LEASE_MS;
    const b = fakeChannels(() => ({ status: 'sent', reference: 'b' }));
    const replicaB = new DistributionSender({ store, channels: b.channels, logger: capturedLogger().logger, retry: policy, now: () => clock.now });
    open.push({ stores, sender: replicaB });
    expect(await replicaB.sweep()).toBe(1);
    expect(b.calls.map((c) => c.id)).toContain(deliveryIds[1]);
    answer();
    await passA; // the late result neither throws nor ends A's pass
    expect(await states(store, id)).toEqual(['sent', 'sent', 'sent', 'sent']);
    expect((await store.getDistribution(id))!.deliveries[1]).toMatchObject({ reference: 'b', lastError: null, attempts: 2 });
    const peter = (await stores.audit.list(id)).filter((r) => r.deliveryId === deliveryIds[1]);
    expect(peter.map((r) => [r.action, r.outcome])).toEqual([
      ['delivery-resumed', 'afbrudt forsøg genoptages'],
      ['delivery-sent', 'sendt'],
      ['delivery-result-ignored', 'ignoreret: fejlet'],
    ]);
    expect(peter[2]!.detail).toMatch(/^Forsøg 1 sluttede, efter at dets frist var udløbet .* Forsøgets besked: Forbindelsen til mailserveren blev afbrudt\./);
    const late = lines.filter((l) => l.includes('late delivery result ignored'));
    expect(late).toHaveLength(1);
    expect(JSON.parse(late[0]!)).toMatchObject({ deliveryId: deliveryIds[1], attempt: 1, result: 'failed' });
    expect(lines.some((l) => l.includes('delivery failed'))).toBe(false);
    // The stale replica logs ids, never the recipient or the channel's reason.
    for (const l of lines) expect(l).not.toMatch(/Peter|peter\.psykiater|mailserveren/);
  });

  it('sweeps: takes over a dead replica’s claim when its configured lease runs out, and a retry whose timer died with its process, with nobody pressing send; never a prepared distribution', async () => {
    const { store, stores, fake, id, deliveryIds, clock } = await setup();
    const prepared = await seedDistribution(store, [{ role: 'participant', name: 'Bo Bostøtte', channel: 'secure-email' }]);
    const { logger } = capturedLogger();
    // Another process's sender, with a short lease: what it claims and then dies on stays claimed until then.
    const sender = new DistributionSender({ store, channels: fake.channels, logger, retry: policy, claimLeaseMs: 5000, now: () => clock.now });
    open.push({ stores, sender });
    await store.claimDelivery(deliveryIds[1]!, clock.now, 5000); // the dead replica's claim
    await store.claimDelivery(deliveryIds[2]!, clock.now, 5000);
    await store.completeDelivery(
      { id: deliveryIds[2]!, attempts: 1 },
      { state: 'pending', reason: 'Midlertidig fejl. Der forsøges igen.', nextAttemptAt: clock.now + 2000 },
      { actor: 'system', action: 'delivery-retry-scheduled', distributionId: id, outcome: 'nyt forsøg' },
    );
    expect(await sender.sweep()).toBe(1); // the due coordinator and GP
    expect(await states(store, id)).toEqual(['sent', 'sending', 'pending', 'sent']);
    clock.now += 2000;
    expect(await sender.sweep()).toBe(1); // the retry, now due
    expect(await states(store, id)).toEqual(['sent', 'sending', 'sent', 'sent']);
    clock.now += 2999;
    expect(await sender.sweep()).toBe(0); // the claim is still the other replica's
    clock.now += 1;
    expect(await sender.sweep()).toBe(1);
    expect(await states(store, id)).toEqual(['sent', 'sent', 'sent', 'sent']);
    expect((await store.getDistribution(id))!.deliveries[1]).toMatchObject({ attempts: 2, resumed: true });
    expect(fake.calls.filter((c) => c.id === deliveryIds[1])).toHaveLength(1);
    expect(await states(store, prepared.id)).toEqual(['pending']);
    expect(fake.calls.map((c) => c.to)).not.toContain('bo.bost.tte@example.dk');
  });

  it('sends nothing of a distribution that was only prepared, neither by a pass nor at start-up', async () => {
    const { store, stores, sender, fake, id } = await setup();
    const prepared = await seedDistribution(store, [{ role: 'participant', name: 'Bo Bostøtte', channel: 'secure-email' }]);
    await sender.send(prepared.id, 'Anne');
    expect(await sender.resumeAll()).toBe(1); // the one whose send was requested
    expect(await states(store, prepared.id)).toEqual(['pending']);
    expect(await states(store, id)).toEqual(['sent', 'sent', 'sent', 'sent']);
    expect(fake.calls.map((c) => c.to)).not.toContain('bo.bost.tte@example.dk');
    expect((await stores.audit.list(prepared.id)).map((a) => a.action)).toEqual(['distribution-prepared']);
  });

  it('resumes claims interrupted by a crash with the same ids, and leaves sent ones alone', async () => {
    const { store, sender, fake, id, deliveryIds, clock } = await setup();
    // As if a process had sent the coordinator and died while sending to Peter.
    await store.claimDelivery(deliveryIds[0]!, clock.now);
    await store.completeDelivery({ id: deliveryIds[0]!, attempts: 1 }, { state: 'sent', reference: 'x' }, { actor: 'system', action: 'delivery-sent', distributionId: id, outcome: 'sendt' });
    await store.claimDelivery(deliveryIds[1]!, clock.now);
    expect(await sender.resumeAll()).toBe(1);
    expect(await states(store, id)).toEqual(['sent', 'sent', 'sent', 'sent']);
    expect(fake.calls.map((c) => c.id)).toEqual(deliveryIds.slice(1));
    expect((await store.getDistribution(id))!.deliveries[1]).toMatchObject({ attempts: 2, resumed: true });
  });
});

describe('a send request (createRequestSend)', () => {
  it('waits for deliveries another replica is sending and answers with their outcome, not 202; a dead claim ends the wait at the bound', async () => {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    // "Replica A": its pass (a sweep, or its own send request) claimed the first delivery and is still at it.
    const { store, stores, sender: replicaA, id, deliveryIds, clock } = await setup(async (_attempt, deliveryId) => {
      if (deliveryId === deliveryIds[0]) await released;
      return { status: 'sent', reference: 'ok' };
    });
    const passA = replicaA.send(id);
    await expect.poll(() => states(store, id)).toEqual(['sending', 'pending', 'pending', 'pending']);

    // "Replica B" answers the client's send request: it sends the other three at once.
    const replicaB = new DistributionSender({ store, channels: fakeChannels().channels, logger: capturedLogger().logger, retry: policy, now: () => clock.now });
    open.push({ stores, sender: replicaB });
    const requestSend = createRequestSend({ store, idempotency: stores.idempotency, sender: replicaB, waitMs: 10_000 });
    const started = performance.now();
    const answering = requestSend(id, 'Anne');
    await expect.poll(() => states(store, id)).toEqual(['sending', 'sent', 'sent', 'sent']);
    await new Promise((resolve) => setTimeout(resolve, 300));
    release();
    const answer = await answering;
    await passA;
    expect(answer.finished).toBe(true);
    expect(answer.distribution.state).toBe('finished');
    expect(performance.now() - started).toBeGreaterThanOrEqual(300);

    // A claim nobody will complete (its process died): the request answers when its wait ends, not finished.
    const dead = await seedRequestedDistribution(store, [{ role: 'participant', name: 'Bo Bostøtte', channel: 'secure-email' }]);
    await store.claimDelivery(dead.deliveryIds[0]!, clock.now, 60_000);
    const shortWait = createRequestSend({ store, idempotency: stores.idempotency, sender: replicaB, waitMs: 400 });
    const t = performance.now();
    const deadAnswer = await shortWait(dead.id, 'Anne');
    expect(deadAnswer.finished).toBe(false);
    expect(deadAnswer.distribution.state).toBe('sending');
    expect(performance.now() - t).toBeGreaterThanOrEqual(350);
  });
});
