/**
 * Wires the remembered follow-ups: their store (opened by the caller with the others, who
 * closes them) and the scheduler that reminds and deletes, through the distribution service's
 * store and sender.
 */
import type { Config } from '../shared/config.js';
import type { Logger } from '../shared/logger.js';
import type { DistributionService } from '../distribution/create-distribution-service.js';
import type { FollowUpStore } from './follow-up-store.js';
import { FollowUpScheduler } from './follow-up-scheduler.js';
import { followUpMatchSecret } from './match-secret.js';

export interface FollowUpService {
  store: FollowUpStore;
  scheduler: FollowUpScheduler;
  /** The secret the match keys are HMACs under, resolved once here, at start-up (match-secret.ts). */
  matchSecret: string;
  /** A pass now, then on the schedule. */
  start(): void;
  /** Stops the scheduler (a running pass is finished); the store stays open. */
  close(): Promise<void>;
}

export function createFollowUpService(
  config: Config,
  logger: Logger,
  options: { store: FollowUpStore; distributions: Pick<DistributionService, 'stores' | 'sender'>; now?: () => number },
): FollowUpService {
  const scheduler = new FollowUpScheduler({
    followUps: options.store,
    distributions: options.distributions.stores.distributions,
    sender: options.distributions.sender,
    logger,
    now: options.now ?? Date.now,
    reminderDays: config.followUp.reminderDays,
    publicUrl: config.followUp.publicUrl,
    organisation: config.digitalPost.senderLabel,
  });
  return {
    store: options.store,
    scheduler,
    matchSecret: followUpMatchSecret(config.followUp.matchSecret, config.dataDir),
    start: () => scheduler.start(),
    close: () => scheduler.stop(),
  };
}
