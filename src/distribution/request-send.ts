/**
 * A client's request to send a distribution, made safe to repeat. The request is recorded
 * first (life-cycle.ts: the only way out of `prepared`; an expired distribution is refused).
 * With an Idempotency-Key the first answer is stored and given again, and a request arriving
 * while the first with the same key is still running joins it. A key is the client's own: two
 * case systems that both number their requests "1" never meet each other's answers or
 * conflicts. Without a key a repeat is still harmless: the sender never sends what was
 * already delivered. A request waits at most `waitMs` for the pass, and within that time also
 * for deliveries another process is sending (a second replica's send request or sweep got to
 * them first), then answers whether every delivery has finished; retries go on in the
 * background.
 */
import { createHash } from 'node:crypto';
import { AppError } from '../shared/errors.js';
import type { DistributionStore } from './distribution-store.js';
import type { IdempotencyStore } from './idempotency-store.js';
import { describeDistribution, type DistributionView } from './distribution-view.js';
import { recordSendRequest } from './life-cycle.js';
import type { DistributionSender } from './send-distribution.js';
import type { PlanDistributionObserver } from './plan-distribution-observer.js';

/** How often a send request looks again at deliveries another process is sending. */
const CLAIMED_POLL_MS = 100;

const EXPIRED_DETAIL =
  'Udsendelsen blev ikke sendt i tide og er udløbet: dokumenterne og modtagernes oplysninger er slettet, og intet er sendt. Forbered udsendelsen igen.';

/** What a send request achieved, as stored under its Idempotency-Key. */
export interface SendOutcome {
  /** True when every delivery has finished; false while some wait for a retry. */
  finished: boolean;
  distribution: DistributionView;
}

export interface SendAnswer extends SendOutcome {
  /** True when the answer is the stored one of an earlier request with the same key. */
  replayed: boolean;
  /** Milliseconds until the next scheduled attempt, on the sender's clock; undefined when none is pending. */
  nextAttemptInMs: number | undefined;
}

export interface SendRequestDeps {
  store: DistributionStore;
  idempotency: IdempotencyStore;
  sender: DistributionSender;
  waitMs: number;
  /** Told of every recorded send request (a plan's follow-up becomes active with its first). */
  observer?: Pick<PlanDistributionObserver, 'sendRequested'>;
  /**
   * Runs the expiry before a send is recorded, so a distribution past its time is refused at
   * once rather than sent in the minutes before the scheduled purge gets to it.
   */
  expireOverdue?: () => Promise<unknown>;
}

/** An Idempotency-Key and the client that sent it (the identity's id: `key:<name>`, `person:<sub>`). */
export interface IdempotencyKey {
  client: string;
  key: string;
}

/**
 * What the store keeps a key under: a hash of the client and its key, so that keys are per
 * client and the table holds neither who asked nor what they sent.
 */
export function idempotencyStoreKey({ client, key }: IdempotencyKey): string {
  return createHash('sha256').update(`${client}\n${key}`).digest('hex');
}

export type RequestSend = (distributionId: string, actor: string, idempotencyKey?: IdempotencyKey) => Promise<SendAnswer>;

export function createRequestSend(deps: SendRequestDeps): RequestSend {
  const inFlight = new Map<string, Promise<SendOutcome>>();

  async function pass(id: string, actor: string): Promise<SendOutcome> {
    const deadline = performance.now() + deps.waitMs;
    await deps.expireOverdue?.();
    const request = await recordSendRequest(deps.store, id, actor);
    if (request === 'not-found') throw new AppError('not-found', 'Udsendelsen findes ikke.');
    if (request === 'expired') throw new AppError('distribution-expired', EXPIRED_DETAIL);
    await deps.observer?.sendRequested(id);
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, Math.max(0, deadline - performance.now()));
    });
    const sending = deps.sender.send(id, actor);
    sending.catch(() => undefined);
    await Promise.race([sending, waited]).finally(() => clearTimeout(timer));
    let d = await deps.store.getDistribution(id);
    // A delivery still `sending` once this pass is over was claimed by another process: its
    // outcome is moments away, so the client gets it rather than a 202 (a claim of a dead
    // process waits for its lease and the sweep: then the deadline ends the wait).
    while (d?.deliveries.some((x) => x.state === 'sending') && performance.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, Math.min(CLAIMED_POLL_MS, deadline - performance.now())));
      d = await deps.store.getDistribution(id);
    }
    if (!d) throw new AppError('not-found', 'Udsendelsen findes ikke.');
    const distribution = describeDistribution(d);
    return { finished: distribution.finished, distribution };
  }

  async function answer(id: string, outcome: SendOutcome, replayed: boolean): Promise<SendAnswer> {
    const next = outcome.finished ? undefined : await deps.store.nextPendingAt(id);
    return { ...outcome, replayed, nextAttemptInMs: next === undefined ? undefined : next - deps.sender.now() };
  }

  return async (id, actor, idempotencyKey) => {
    if (idempotencyKey === undefined) return answer(id, await pass(id, actor), false);
    const key = idempotencyStoreKey(idempotencyKey);
    const stored = await deps.idempotency.get(key);
    if (stored && stored.distributionId !== id) {
      throw new AppError('conflict', 'Idempotency-Key er allerede brugt til en anden udsendelse.');
    }
    if (stored) return answer(id, stored.body as SendOutcome, true);
    let running = inFlight.get(key);
    if (!running) {
      running = pass(id, actor)
        .then(async (outcome) => {
          await deps.idempotency.save(key, { distributionId: id, body: outcome });
          return outcome;
        })
        .finally(() => inFlight.delete(key));
      inFlight.set(key, running);
    }
    return answer(id, await running, false);
  };
}
