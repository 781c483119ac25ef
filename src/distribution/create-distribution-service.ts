/**
 * Wires the distribution capability from configuration: the SQLite store (the one
 * storage implementation today; the interface leaves room for another), the channels
 * chosen by H6a's factory, the sender with the configured retry policy, and the purge.
 */
import type { Cron } from 'croner';
import type { Config } from '../shared/config.js';
import type { Logger } from '../shared/logger.js';
import type { DistributionStore } from '../storage/distribution-store.js';
import { openSqliteDistributionStore } from '../storage/sqlite-distribution-store.js';
import { createChannels, outboxDirs, type DeliveryChannels } from './channels/create-channels.js';
import { removeLeftoverTempFiles } from './channels/write-outbox-file.js';
import { purgeDistributions, schedulePurge } from './purge-distributions.js';
import { DistributionSender } from './send-distribution.js';

export interface DistributionService {
  store: DistributionStore;
  sender: DistributionSender;
  channels: DeliveryChannels;
  /**
   * What the service does at start-up: removes the temporary outbox files a crash left,
   * purges what has expired, schedules the purge, and resumes the distributions whose send
   * was requested. Returns how many it resumed.
   */
  start(): Promise<number>;
  /** Stops the purge, waits for running passes, then closes the mailer and the database. */
  close(): Promise<void>;
}

export function createDistributionService(
  config: Config,
  logger: Logger,
  options: { databaseFile?: string; channels?: DeliveryChannels; now?: () => number } = {},
): DistributionService {
  const store = openSqliteDistributionStore(options.databaseFile ?? config.databaseFile);
  const channels = options.channels ?? createChannels(config, logger);
  const now = options.now ?? Date.now;
  const sender = new DistributionSender({ store, channels, logger, retry: config.distribution, now });
  const purge = { store, logger, unsentTtlMs: config.distribution.unsentTtlMs, now };
  let job: Cron | undefined;
  return {
    store,
    sender,
    channels,
    async start() {
      // Before anything is resumed: a resumed write must not lose its own temporary file.
      const leftovers = await Promise.all(outboxDirs(config).map(removeLeftoverTempFiles));
      const removed = leftovers.reduce((a, b) => a + b, 0);
      if (removed) logger.warn({ files: removed }, 'removed temporary outbox files left by a crash');
      purgeDistributions(purge);
      job = schedulePurge(purge);
      return sender.resumeAll();
    },
    async close() {
      job?.stop();
      await sender.close();
      await channels.mailer.close();
      store.close();
    },
  };
}
