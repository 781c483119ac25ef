/**
 * Carries out a prepared distribution, each recipient exactly once as far as the
 * channel allows:
 *
 * 1. a due delivery is claimed in a transaction (pending → sending, attempts + 1) before
 *    its channel is called, so two passes can never both send it;
 * 2. the channel is called with the delivery's stable id (Message-ID, MeMo messageUUID,
 *    letter id = the delivery id);
 * 3. the outcome is committed right after (sent / retry later / failed) with its audit record,
 *    fenced by the claim: if the attempt outlived its lease and another pass took the delivery
 *    over, a late failure or retry changes nothing and is audited as ignored, while a late `sent`
 *    is recorded unless the delivery is sent already (`completionOf` in distribution-store.ts).
 *
 * A process killed between 1 and 3 leaves the delivery `sending` under a lease. On SQLite
 * (one process per file) the next start-up releases such claims at once; on a shared
 * database another replica may hold them alive, so only the lease ends them: then any
 * process's next pass takes the claim over, be it a send request or the sweep every process
 * runs (due retries and run-out claims of distributions whose send was requested), so
 * nobody has to press send again and the dead replica need not come back. Either way the
 * delivery is attempted again with the same id:
 * - the outbox channels (mail, Digital Post, print) publish a file named by that id at
 *   most once, so a second attempt finds the first one's file: exactly once;
 * - SMTP has no such check. If the process died before the server accepted the message
 *   (the common case: the whole SMTP conversation), the resumed attempt is the only
 *   copy. If it died in the short window after the server's "250 OK" and before the
 *   commit, the recipient gets a second copy with the same Message-ID (at least once,
 *   never zero): a duplicate to the same authorised professional is the lesser harm than a
 *   plan that silently never arrives. The audit log marks such deliveries as resumed.
 *
 * Transient failures are retried with exponential backoff up to a bound; permanent ones
 * (no TLS, an untrusted certificate, a rejected address) are final at once.
 */
import { Cron } from 'croner';
import type { Logger } from '../shared/logger.js';
import type { DeliveryChannels } from './channels/create-channels.js';
import type { DeliveryResult } from './channels/types.js';
import type { DeliveryRecord, DistributionRecord, StoredDocument } from './distribution-records.js';
import type { DistributionStore } from './distribution-store.js';

/** A distribution's document by key, read at most once per pass. */
type DocumentReader = (key: string) => Promise<StoredDocument | undefined>;

/** What a person must do once the service has given up on a delivery. */
const MANUAL_NOW = 'Intet er sendt til denne modtager; giv vedkommende dokumentet på anden sikker måde.';

export interface RetryPolicy {
  maxAttempts: number;
  retryBaseMs: number;
  retryMaxMs: number;
}

export interface DistributionSenderDeps {
  store: DistributionStore;
  channels: DeliveryChannels;
  logger: Logger;
  retry: RetryPolicy;
  /** How long one attempt holds its claim (DEFAULT_CLAIM_LEASE_MS unless configured). */
  claimLeaseMs?: number;
  now?: () => number;
}

const SYSTEM_ACTOR = 'system';

export class DistributionSender {
  private readonly running = new Map<string, Promise<void>>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private sweepJob: Cron | undefined;
  private closed = false;
  /** The sender's clock (injected in tests): due times and retry delays are on it. */
  readonly now: () => number;

  constructor(private readonly deps: DistributionSenderDeps) {
    this.now = deps.now ?? Date.now;
  }

  /**
   * One pass over the distribution's due deliveries, once its send was requested
   * (life-cycle.ts): before that nothing is due. A pass already running for it is joined,
   * not doubled. Retries that are not yet due are scheduled in this process.
   */
  send(distributionId: string, actor: string = SYSTEM_ACTOR): Promise<void> {
    const current = this.running.get(distributionId);
    if (current) return current;
    const pass = this.pass(distributionId, actor).finally(() => {
      this.running.delete(distributionId);
      void this.scheduleRetry(distributionId).catch((err: unknown) => this.deps.logger.error({ err, distributionId }, 'scheduling a retry failed'));
    });
    this.running.set(distributionId, pass);
    return pass;
  }

  /**
   * At start-up: releases claims of a process that died and resumes every distribution whose
   * send was requested and is not finished. A distribution that was only prepared stays so.
   */
  async resumeAll(): Promise<number> {
    const released = await this.deps.store.releaseInterruptedClaims(SYSTEM_ACTOR);
    if (released.length) this.deps.logger.warn({ deliveries: released.length }, 'resuming deliveries interrupted by a crash');
    const ids = await this.deps.store.distributionsToResume(this.now());
    await Promise.all(ids.map((id) => this.send(id)));
    return ids.length;
  }

  /**
   * One sweep: a pass over every distribution whose send was requested and that has a
   * delivery due now, a retry whose timer lived in a process that is gone, or a claim whose
   * lease ran out (its replica died mid-send). Returns how many distributions it passed over.
   */
  async sweep(): Promise<number> {
    if (this.closed) return 0;
    const ids = await this.deps.store.distributionsDue(this.now());
    if (ids.length) this.deps.logger.debug({ distributions: ids.length }, 'sweep found due deliveries');
    await Promise.all(ids.map((id) => this.send(id)));
    return ids.length;
  }

  /** Sweeps every `seconds` (1–59) until closed; the timer never keeps the process alive. */
  startSweep(seconds: number): void {
    if (this.closed || this.sweepJob) return;
    this.sweepJob = new Cron(`*/${seconds} * * * * *`, { unref: true, protect: true }, async () => {
      try {
        await this.sweep();
      } catch (err) {
        this.deps.logger.error({ err }, 'sweeping for due deliveries failed');
      }
    });
  }

  /** Stops scheduling and waits for running passes (a delivery in flight is finished, not cut). */
  async close(): Promise<void> {
    this.closed = true;
    this.sweepJob?.stop();
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    await Promise.allSettled([...this.running.values()]);
  }

  private async pass(distributionId: string, actor: string): Promise<void> {
    const { store } = this.deps;
    const distribution = await store.getDistribution(distributionId);
    if (!distribution) return;
    // Each document is read once per pass, not once per recipient: a PDF read from
    // PostgreSQL costs milliseconds, and most recipients get the same one.
    const documents = new Map<string, Promise<StoredDocument | undefined>>();
    const document = (key: string) => {
      let doc = documents.get(key);
      if (!doc) documents.set(key, (doc = store.getDocument(distributionId, key)));
      return doc;
    };
    for (const id of await store.dueDeliveryIds(distributionId, this.now())) {
      if (this.closed) return;
      const claimed = await store.claimDelivery(id, this.now(), this.deps.claimLeaseMs);
      if (!claimed) continue;
      await this.attempt(distribution, claimed, actor, document);
    }
  }

  private async attempt(distribution: DistributionRecord, d: DeliveryRecord, actor: string, document: DocumentReader): Promise<void> {
    const { store, logger, retry } = this.deps;
    let result: DeliveryResult;
    try {
      result = await this.deliver(d, document);
    } catch (err) {
      // A channel that throws instead of answering is treated as transient: bounded retries.
      logger.error({ err, deliveryId: d.id, channel: d.channel }, 'delivery channel threw');
      result = { status: 'failed', permanent: false, reason: 'Der opstod en uventet fejl under forsendelsen.' };
    }
    const who = { actor, distributionId: distribution.id, deliveryId: d.id, role: d.role, name: d.name, channel: d.channel };
    // Ids, channel and attempt only: never the recipient's name, address or the channel's reason.
    const logged = { distributionId: distribution.id, deliveryId: d.id, role: d.role, channel: d.channel, attempt: d.attempts };

    if (result.status === 'sent') {
      const done = await store.completeDelivery(d, { state: 'sent', reference: result.reference }, { ...who, action: 'delivery-sent', outcome: 'sendt' });
      if (!done) return this.ignored(logged, 'sent');
      logger.info(logged, 'delivery sent');
      return;
    }
    const giveUp = result.permanent || d.attempts >= retry.maxAttempts;
    if (giveUp) {
      // A channel's reason says what went wrong; the sender adds what happens now.
      const reason = result.permanent
        ? `${result.reason} ${MANUAL_NOW}`
        : `${result.reason} Opgivet efter ${d.attempts} forsøg. ${MANUAL_NOW}`;
      const done = await store.completeDelivery(d, { state: 'failed', reason }, { ...who, action: 'delivery-failed', outcome: 'fejlet', detail: reason });
      if (!done) return this.ignored(logged, 'failed');
      logger.warn({ ...logged, permanent: result.permanent, code: result.code }, 'delivery failed');
      return;
    }
    const delay = Math.min(retry.retryMaxMs, retry.retryBaseMs * 2 ** (d.attempts - 1));
    const nextAttemptAt = this.now() + delay;
    const done = await store.completeDelivery(
      d,
      { state: 'pending', reason: `${result.reason} Der forsøges igen.`, nextAttemptAt },
      { ...who, action: 'delivery-retry-scheduled', outcome: `nyt forsøg om ${Math.ceil(delay / 1000)} s`, detail: result.reason },
    );
    if (!done) return this.ignored(logged, 'retry');
    logger.info({ ...logged, delayMs: delay, code: result.code }, 'delivery retry scheduled');
  }

  /**
   * This attempt's claim was taken over while it ran (its lease ran out): the store kept the
   * outcome of the attempt that took over and audited this one's result as ignored.
   */
  private ignored(logged: Record<string, unknown>, result: 'sent' | 'failed' | 'retry'): void {
    this.deps.logger.warn({ ...logged, result }, 'late delivery result ignored: its claim had been taken over');
  }

  private async deliver(d: DeliveryRecord, document: DocumentReader): Promise<DeliveryResult> {
    const { channels } = this.deps;
    const docs = await Promise.all(d.documents.map(document));
    const missing = docs.findIndex((x) => !x);
    if (missing >= 0 || !d.address) {
      return { status: 'failed', permanent: true, reason: 'Dokumentet eller modtagerens adresse findes ikke længere, så intet er sendt.' };
    }
    const documents = docs as StoredDocument[];
    const first = documents[0] as StoredDocument;
    switch (d.channel) {
      case 'secure-email':
        return channels.mailer.send({
          to: d.address,
          toName: d.name,
          subject: d.subject,
          text: d.text,
          attachments: documents.map((x) => ({ filename: x.fileName, content: x.content, contentType: x.contentType })),
          messageId: d.id,
        });
      case 'digital-post':
        return channels.digitalPost.send({
          messageUuid: d.id,
          recipientCpr: d.address,
          recipientName: d.name,
          label: d.subject,
          pdf: first.content,
          fileName: first.fileName,
        });
      case 'letter':
        return channels.print.send({ letterId: d.id, pdf: first.content, fileName: first.fileName });
    }
  }

  private async scheduleRetry(distributionId: string): Promise<void> {
    if (this.closed || this.timers.has(distributionId)) return;
    const at = await this.deps.store.nextPendingAt(distributionId);
    if (at === undefined || this.closed || this.timers.has(distributionId)) return;
    const timer = setTimeout(() => {
      this.timers.delete(distributionId);
      void this.send(distributionId).catch((err: unknown) => this.deps.logger.error({ err, distributionId }, 'scheduled delivery pass failed'));
    }, Math.max(0, at - this.now()));
    // Pending retries must not keep a stopping process alive; start-up resumes them.
    timer.unref();
    this.timers.set(distributionId, timer);
  }
}
