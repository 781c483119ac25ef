/**
 * Every store of the service, opened together on one database and closed together. A
 * capability declares the stores it needs (e.g. `DistributionStores`); adding a store is a
 * field here, a migration, and one line in each implementation's opener.
 */
import type { DistributionStores } from '../distribution/distribution-store.js';
import type { FollowUpStore } from '../follow-up/follow-up-store.js';

export interface Stores extends DistributionStores {
  /** The follow-ups of sent plans (src/follow-up). */
  followUps: FollowUpStore;
  /** Which implementation, for the log: `sqlite` or `postgres`. */
  readonly kind: string;
  close(): Promise<void>;
}
