/**
 * Records plans' follow-ups as their distributions go: the least the follow-up needs is kept
 * beside a prepared final plan's distribution (the plan itself is never stored), and becomes
 * the active follow-up with the distribution's first send request. A prepared distribution
 * that is never sent leaves no follow-up.
 */
import { randomBytes } from 'node:crypto';
import type { Logger } from '../shared/logger.js';
import type { PlanDistributionObserver } from '../distribution/plan-distribution-observer.js';
import type { FollowUpStore } from './follow-up-store.js';
import { followUpOfPlan } from './follow-up-of-plan.js';

export function recordFollowUps(deps: {
  store: FollowUpStore;
  logger: Logger;
  now: () => number;
  /** FOLLOW_UP_MATCH_SECRET; unset: a secret generated once and kept in the database, shared by every replica. */
  matchSecret: string | undefined;
}): PlanDistributionObserver {
  const at = () => new Date(deps.now()).toISOString();
  const secret = matchSecretOf(deps);
  return {
    async planPrepared(distributionId, plan, owner) {
      const followUp = followUpOfPlan(plan, distributionId, owner, await secret());
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

/** The match keys' secret: the configured one, else the database's, read once per process (again after a failure). */
function matchSecretOf(deps: { store: FollowUpStore; logger: Logger; matchSecret: string | undefined }): () => Promise<string> {
  if (deps.matchSecret !== undefined) return async () => deps.matchSecret!;
  let kept: Promise<string> | undefined;
  return () => {
    kept ??= deps.store.matchSecret(randomBytes(32).toString('base64url')).then(
      (s) => {
        deps.logger.info('follow-up match keys under the secret kept in the database (FOLLOW_UP_MATCH_SECRET is not set)');
        return s;
      },
      (err: unknown) => {
        kept = undefined;
        throw err;
      },
    );
    return kept;
  };
}
