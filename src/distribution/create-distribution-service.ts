/**
 * Wires the distribution capability: the stores it is given (opened by the caller, who
 * closes them), the channels chosen from configuration, the sender with the configured
 * retry policy, and the purge.
 */
import type { Cron } from 'croner';
import type { Config } from '../shared/config.js';
import type { Logger } from '../shared/logger.js';
import { createChannels, outboxDirs, type DeliveryChannels } from './channels/create-channels.js';
import { removeLeftoverTempFiles } from './channels/write-outbox-file.js';
import type { DistributionStores } from './distribution-store.js';
import { purgeDistributions, schedulePurge } from './purge-distributions.js';
import { DistributionSender } from './send-distribution.js';

export interface DistributionService {
  stores: DistributionStores;
  sender: DistributionSender;
  channels: DeliveryChannels;
  /**
   * What the service does at start-up: removes the temporary outbox files a crash left,
   * purges what has expired, schedules the purge, resumes the distributions whose send
   * was requested, and starts the sweep that picks up due retries and run-out claims
   * (another replica's too). Returns how many it resumed.
   */
  start(): Promise<number>;
  /** Stops the purge and the sweep, waits for running passes, then closes the mailer; the stores stay open. */
  close(): Promise<void>;
}

export function createDistributionService(
  config: Config,
  logger: Logger,
  options: { stores: DistributionStores; channels?: DeliveryChannels; now?: () => number },
): DistributionService {
  const { stores } = options;
  const channels = options.channels ?? createChannels(config, logger);
  const now = options.now ?? Date.now;
  const sender = new DistributionSender({
    store: stores.distributions,
    channels,
    logger,
    retry: config.distribution,
    claimLeaseMs: config.distribution.claimLeaseMs,
    now,
  });
  const purge = { stores, logger, unsentTtlMs: config.distribution.unsentTtlMs, now };
  let job: Cron | undefined;
  return {
    stores,
    sender,
    channels,
    async start() {
      // Before anything is resumed: a resumed write must not lose its own temporary file. In an
      // outbox shared by replicas, a younger one may be another replica's write in progress:
      // only a file older than a claim's lease is surely a dead write's.
      const minAgeMs = stores.shared ? config.distribution.claimLeaseMs : 0;
      const leftovers = await Promise.all(outboxDirs(config).map((dir) => removeLeftoverTempFiles(dir, minAgeMs, now())));
      const removed = leftovers.reduce((a, b) => a + b, 0);
      if (removed) logger.warn({ files: removed }, 'removed temporary outbox files left by a crash');
      await purgeDistributions(purge);
      job = schedulePurge(purge);
      const resumed = await sender.resumeAll();
      sender.startSweep(config.distribution.sweepSeconds);
      return resumed;
    },
    async close() {
      job?.stop();
      await sender.close();
      await channels.mailer.close();
    },
  };
}
