/**
 * What another capability learns of distributions (the plan's follow-up, src/follow-up): the
 * plan of a distribution about to be stored, which is never stored itself, and each send
 * request. The distribution capability does not know what is done with it.
 */
import type { Owner } from '../auth/ownership.js';
import type { Plan } from '../plan/schema.js';

export interface PlanDistributionObserver {
  /** Before a prepared plan distribution is stored: a failure fails the preparation, and nothing is stored. */
  planPrepared(distributionId: string, plan: Plan, owner: Owner): Promise<void>;
  /** After a send request was recorded (the first or a repeat, of any distribution). Never throws. */
  sendRequested(distributionId: string): Promise<void>;
}
