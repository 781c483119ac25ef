/**
 * A client's request to send a distribution, made safe to repeat. With an Idempotency-Key the
 * first answer is stored and given again, and a request arriving while the first with the same
 * key is still running joins it. Without a key a repeat is still harmless: the sender never
 * sends what was already delivered. A request waits at most `waitMs` for the pass: 200 when
 * every delivery has finished, else 202 while retries go on in the background.
 */
import { AppError } from '../shared/errors.js';
import type { DistributionStore } from '../storage/distribution-store.js';
import { describeDistribution, type DistributionView } from './distribution-view.js';
import { recordSendRequest } from './life-cycle.js';
import type { DistributionSender } from './send-distribution.js';

const EXPIRED_DETAIL =
  'Udsendelsen blev ikke sendt i tide og er udløbet: dokumenterne og modtagernes oplysninger er slettet, og intet er sendt. Forbered udsendelsen igen.';

export interface SendAnswer {
  status: number;
  body: DistributionView;
  /** True when the answer is the stored one of an earlier request with the same key. */
  replayed: boolean;
}

export interface SendRequestDeps {
  store: DistributionStore;
  sender: DistributionSender;
  waitMs: number;
}

export type RequestSend = (distributionId: string, actor: string, idempotencyKey?: string) => Promise<SendAnswer>;

export function createRequestSend(deps: SendRequestDeps): RequestSend {
  const inFlight = new Map<string, Promise<Omit<SendAnswer, 'replayed'>>>();

  async function pass(id: string, actor: string): Promise<Omit<SendAnswer, 'replayed'>> {
    const request = recordSendRequest(deps.store, id, actor);
    if (request === 'not-found') throw new AppError('not-found', 'Udsendelsen findes ikke.');
    if (request === 'expired') throw new AppError('distribution-expired', EXPIRED_DETAIL);
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, deps.waitMs);
    });
    const sending = deps.sender.send(id, actor);
    sending.catch(() => undefined);
    await Promise.race([sending, waited]).finally(() => clearTimeout(timer));
    const d = deps.store.getDistribution(id);
    if (!d) throw new AppError('not-found', 'Udsendelsen findes ikke.');
    const body = describeDistribution(d);
    return { status: body.finished ? 200 : 202, body };
  }

  return async (id, actor, key) => {
    if (key === undefined) return { ...(await pass(id, actor)), replayed: false };
    const stored = deps.store.getIdempotentResponse(key);
    if (stored && stored.distributionId !== id) {
      throw new AppError('conflict', 'Idempotency-Key er allerede brugt til en anden udsendelse.');
    }
    if (stored) return { status: stored.status, body: stored.body as DistributionView, replayed: true };
    let running = inFlight.get(key);
    if (!running) {
      running = pass(id, actor)
        .then((a) => {
          deps.store.saveIdempotentResponse(key, { distributionId: id, ...a });
          return a;
        })
        .finally(() => inFlight.delete(key));
      inFlight.set(key, running);
    }
    return { ...(await running), replayed: false };
  };
}
