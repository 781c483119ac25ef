/**
 * Wires the distribution capability from configuration: the SQLite store (the one
 * storage implementation today; the interface leaves room for another), the channels
 * chosen by H6a's factory, and the sender with the configured retry policy.
 */
import type { Config } from '../shared/config.js';
import type { Logger } from '../shared/logger.js';
import type { DistributionStore } from '../storage/distribution-store.js';
import { openSqliteDistributionStore } from '../storage/sqlite-distribution-store.js';
import { createChannels, type DeliveryChannels } from './channels/create-channels.js';
import { DistributionSender } from './send-distribution.js';

export interface DistributionService {
  store: DistributionStore;
  sender: DistributionSender;
  channels: DeliveryChannels;
  /** Waits for running passes, then closes the mailer and the database. */
  close(): Promise<void>;
}

export function createDistributionService(
  config: Config,
  logger: Logger,
  options: { databaseFile?: string; channels?: DeliveryChannels; now?: () => number } = {},
): DistributionService {
  const store = openSqliteDistributionStore(options.databaseFile ?? config.databaseFile);
  const channels = options.channels ?? createChannels(config, logger);
  const sender = new DistributionSender({ store, channels, logger, retry: config.distribution, now: options.now });
  return {
    store,
    sender,
    channels,
    async close() {
      await sender.close();
      await channels.mailer.close();
      store.close();
    },
  };
}
