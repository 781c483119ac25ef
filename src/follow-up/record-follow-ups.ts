/**
 * Records plans' follow-ups as their distributions go: the least the follow-up needs is kept
 * beside a prepared final plan's distribution (the plan itself is never stored), and becomes
 * the active follow-up with the distribution's first send request. A prepared distribution
 * that is never sent leaves no follow-up.
 */
import type { Logger } from '../shared/logger.js';
import type { PlanDistributionObserver } from '../distribution/plan-distribution-observer.js';
import type { FollowUpStore } from './follow-up-store.js';
import { followUpOfPlan } from './follow-up-of-plan.js';

export function recordFollowUps(deps: {
  store: FollowUpStore;
  logger: Logger;
  now: () => number;
  /** The match keys' secret (match-secret.ts). */
  matchSecret: string;
}): PlanDistributionObserver {
  const at = () => new Date(deps.now()).toISOString();
  return {
    async planPrepared(distributionId, plan, owner) {
      const followUp = followUpOfPlan(plan, distributionId, owner, deps.matchSecret);
      if (followUp) await deps.store.savePending(followUp, at());
    },
    async sendRequested(distributionId) {
      try {
        const { activated, activeId, endedIds } = await deps.store.activate(distributionId, at());
        if (activated) deps.logger.info({ distributionId, followUpId: activeId, ended: endedIds.length }, 'follow-up recorded');
      } catch (err) {
        // The plan is sent regardless; the scheduler's next pass activates the follow-up.
        deps.logger.error({ err, distributionId }, 'recording the follow-up failed');
      }
    },
  };
}
