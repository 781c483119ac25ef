/**
 * The follow-ups' scheduler: a pass at start-up and then on a schedule (croner), with an
 * injected clock. Each pass
 *
 * 1. activates the pending follow-ups whose distribution's send was requested (the send route
 *    does this at once; a pass catches what a crash in between left) and drops those whose
 *    distribution expired unsent or is gone;
 * 2. deletes follow-ups 30 days past their date;
 * 3. sends each due reminder once: the reminder is claimed in the store (a conditional
 *    update with a lease, like a delivery), so schedulers of several replicas never send it
 *    twice. A reminder is a distribution of kind `reminder` with one delivery to the
 *    coordinator's secure e-mail, so it is retried, audited and sent exactly once by the
 *    distribution machinery. Its id is fixed at the first claim: a scheduler that died after
 *    creating it leaves it to the next claim, which finds and sends that same one;
 * 4. counts the overdue follow-ups (shown flagged in the overview) for the log.
 */
import { Cron } from 'croner';
import type { Logger } from '../shared/logger.js';
import type { NewDelivery } from '../distribution/distribution-records.js';
import type { DistributionStore } from '../distribution/distribution-store.js';
import { FLAG_REASON, secureEmailFlag } from '../distribution/build-manifest.js';
import { danishDateOf } from '../shared/dates.js';
import { recordSendRequest } from '../distribution/life-cycle.js';
import { safeUuid } from '../distribution/safe-id.js';
import { savePreparedDistribution } from '../distribution/save-prepared-distribution.js';
import type { DistributionSender } from '../distribution/send-distribution.js';
import { REMINDER_CLAIM_LEASE_MS, type FollowUpRecord, type FollowUpStore } from './follow-up-store.js';
import { addDays, copenhagenToday, FOLLOW_UP_RETENTION_DAYS } from './follow-up-dates.js';
import { reminderSubject, reminderText } from './reminder-message.js';

/** Every 15 minutes: a reminder goes out at most that long after Danish midnight of its day. */
export const FOLLOW_UP_SCHEDULE = '*/15 * * * *';
/** The actor of the reminders in the audit log. */
export const REMINDER_ACTOR = 'system (påmindelse om opfølgning)';
/** A pending follow-up whose distribution is not there is dropped after this long (its preparation failed). */
const ORPHAN_AFTER_MS = 60 * 60_000;

export interface FollowUpSchedulerDeps {
  followUps: FollowUpStore;
  distributions: DistributionStore;
  sender: Pick<DistributionSender, 'send'>;
  logger: Logger;
  now: () => number;
  reminderDays: number;
  /** Where people reach the service: the reminder's link starts with it. */
  publicUrl: string;
  /** The sending organisation when the coordinator names none. */
  organisation: string;
  leaseMs?: number;
}

export interface FollowUpPass {
  activated: number;
  dropped: number;
  deleted: number;
  /** The reminder distributions asked to send in this pass. */
  reminders: string[];
  overdue: number;
}

export class FollowUpScheduler {
  private running: Promise<FollowUpPass> | undefined;
  private job: Cron | undefined;

  constructor(private readonly deps: FollowUpSchedulerDeps) {}

  /** One pass; a pass already running in this process is joined, not doubled. */
  runOnce(): Promise<FollowUpPass> {
    this.running ??= this.pass().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** A pass now, then on `pattern` until stopped; the timer never keeps the process alive. */
  start(pattern = FOLLOW_UP_SCHEDULE): void {
    const run = async (): Promise<void> => {
      try {
        await this.runOnce();
      } catch (err) {
        this.deps.logger.error({ err }, 'follow-up pass failed');
      }
    };
    this.job = new Cron(pattern, { unref: true, protect: true }, run);
    void run();
  }

  /** Stops the schedule and waits for a running pass. */
  async stop(): Promise<void> {
    this.job?.stop();
    await this.running?.catch(() => undefined);
  }

  private async pass(): Promise<FollowUpPass> {
    const { followUps, logger } = this.deps;
    const now = this.deps.now();
    const today = copenhagenToday(now);
    const { activated, dropped } = await this.reconcile(now);
    const deleted = await followUps.deleteDatedUpTo(addDays(today, -FOLLOW_UP_RETENTION_DAYS));
    const reminders: string[] = [];
    for (;;) {
      const claimed = await followUps.claimReminder({
        dueUpTo: addDays(today, this.deps.reminderDays),
        now,
        leaseMs: this.deps.leaseMs ?? REMINDER_CLAIM_LEASE_MS,
        newDistributionId: safeUuid(),
      });
      if (!claimed) break;
      try {
        reminders.push(await this.remind(claimed, today, now));
      } catch (err) {
        // The claim runs out and the next pass after it tries again.
        logger.error({ err, followUpId: claimed.id }, 'follow-up reminder failed');
      }
    }
    const overdue = await followUps.countOverdue(today);
    if (activated || dropped || deleted || reminders.length || overdue) {
      logger.info({ activated, dropped, deleted, reminders: reminders.length, overdue }, 'follow-ups checked');
    }
    return { activated, dropped, deleted, reminders, overdue };
  }

  private async reconcile(now: number): Promise<{ activated: number; dropped: number }> {
    const { followUps, distributions } = this.deps;
    let activated = 0;
    let dropped = 0;
    for (const f of await followUps.listPending()) {
      const d = await distributions.getDistribution(f.distributionId);
      if (d?.sendRequestedAt) {
        if ((await followUps.activate(f.distributionId, d.sendRequestedAt)).activated) activated++;
      } else if (d?.expiredAt || (!d && Date.parse(f.createdAt) < now - ORPHAN_AFTER_MS)) {
        // Never sent in time (the distribution expired), or its preparation failed after it was kept.
        if (await followUps.deletePending(f.distributionId)) dropped++;
      }
    }
    return { activated, dropped };
  }

  /** Creates (once) and asks to send the reminder's distribution; returns its id. */
  private async remind(f: FollowUpRecord, today: string, now: number): Promise<string> {
    const { distributions, followUps, sender } = this.deps;
    const id = f.reminderDistributionId;
    if (!id) throw new Error('a claimed reminder has a distribution id');
    if (!(await distributions.getDistribution(id))) {
      try {
        await this.createReminder(id, f, today);
      } catch (err) {
        // Another scheduler whose claim ran out may have created it a moment ago: that one is sent.
        if (!(await distributions.getDistribution(id))) throw err;
      }
    }
    await recordSendRequest(distributions, id, REMINDER_ACTOR);
    await followUps.markReminded(f.id, new Date(now).toISOString());
    await sender.send(id, REMINDER_ACTOR);
    return id;
  }

  private async createReminder(id: string, f: FollowUpRecord, today: string): Promise<void> {
    const flag = secureEmailFlag(f.coordinator.email);
    const delivery: NewDelivery = {
      id: safeUuid(),
      role: 'coordinator',
      name: f.coordinator.name || f.coordinator.email,
      organisation: f.coordinator.organisation,
      channel: 'secure-email',
      address: flag ? null : f.coordinator.email.trim(),
      documents: [],
      subject: reminderSubject(f),
      text: reminderText(f, { publicUrl: this.deps.publicUrl, organisation: this.deps.organisation, overdue: f.followUpDate < today }),
      manualReason: flag ? FLAG_REASON[flag] : null,
    };
    const title = `Påmindelse om opfølgning senest ${danishDateOf(f.followUpDate) ?? f.followUpDate}`;
    await savePreparedDistribution(this.deps.distributions, {
      distribution: { id, kind: 'reminder', createdBy: REMINDER_ACTOR, owner: f.owner, title },
      deliveries: [delivery],
      documents: [],
      outcome: 'påmindelse om opfølgning forberedt',
    });
  }
}
