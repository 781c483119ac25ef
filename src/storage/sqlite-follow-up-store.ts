/**
 * The FollowUpStore on SQLite. Each method is one statement or one synchronous transaction
 * of better-sqlite3; the reminder's claim is a single conditional UPDATE, so two schedulers
 * on the same file never both hold it.
 */
import { newestFollowUpFirst, type FollowUpStore } from '../follow-up/follow-up-store.js';
import { SQLITE_CODEC, toFollowUpRecord, type Row } from './row-codec.js';
import type { SqliteContext } from './sqlite-context.js';

const toRecord = (r: Row) => toFollowUpRecord(r, SQLITE_CODEC);

export function createSqliteFollowUpStore({ db, forgetDeletedPages }: SqliteContext): FollowUpStore {
  const stmt = {
    insert: db.prepare(
      `INSERT INTO follow_ups (id, distribution_id, follow_up_date, meeting_date, citizen_name, coordinator_name, coordinator_organisation,
         coordinator_email, participants, match_key, owner_id, owner_organisation, created_at)
       VALUES (@id, @distributionId, @followUpDate, @meetingDate, @citizenName, @coordinatorName, @coordinatorOrganisation,
         @coordinatorEmail, @participants, @matchKey, @ownerId, @ownerOrganisation, @createdAt)`,
    ),
    byDistribution: db.prepare(`SELECT * FROM follow_ups WHERE distribution_id = ?`),
    byId: db.prepare(`SELECT * FROM follow_ups WHERE id = ?`),
    activate: db.prepare(`UPDATE follow_ups SET activated_at = ? WHERE id = ? AND activated_at IS NULL`),
    activeByKey: db.prepare(`SELECT * FROM follow_ups WHERE match_key = ? AND activated_at IS NOT NULL`),
    delete: db.prepare(`DELETE FROM follow_ups WHERE id = ?`),
    keepReminded: db.prepare(`UPDATE follow_ups SET reminded_at = ?, reminder_distribution_id = ? WHERE id = ? AND reminded_at IS NULL`),
    pending: db.prepare(`SELECT * FROM follow_ups WHERE activated_at IS NULL ORDER BY created_at`),
    deletePending: db.prepare(`DELETE FROM follow_ups WHERE distribution_id = ? AND activated_at IS NULL`),
    active: db.prepare(
      `SELECT * FROM follow_ups WHERE activated_at IS NOT NULL AND (owner_id = ? OR owner_organisation = ?) ORDER BY follow_up_date, id`,
    ),
    claim: db.prepare(
      `UPDATE follow_ups SET reminder_claimed_until = @until, reminder_distribution_id = COALESCE(reminder_distribution_id, @distributionId)
       WHERE id = (SELECT id FROM follow_ups
                   WHERE activated_at IS NOT NULL AND reminded_at IS NULL AND follow_up_date <= @dueUpTo AND reminder_claimed_until <= @now
                   ORDER BY follow_up_date, id LIMIT 1)
         AND reminded_at IS NULL AND reminder_claimed_until <= @now
       RETURNING *`,
    ),
    reminded: db.prepare(`UPDATE follow_ups SET reminded_at = ?, reminder_claimed_until = 0 WHERE id = ? AND reminded_at IS NULL`),
    deleteDated: db.prepare(`DELETE FROM follow_ups WHERE follow_up_date <= ?`),
    overdue: db.prepare(`SELECT COUNT(*) AS n FROM follow_ups WHERE activated_at IS NOT NULL AND follow_up_date < ?`),
  };

  const activate = db.transaction((distributionId: string, at: string) => {
    const row = stmt.byDistribution.get(distributionId) as Row | undefined;
    if (!row) return { activated: false, activeId: undefined, endedIds: [] };
    const activated = stmt.activate.run(at, row.id).changes === 1;
    const [newest, ...older] = (stmt.activeByKey.all(row.match_key) as Row[]).map(toRecord).sort(newestFollowUpFirst);
    if (!newest) return { activated, activeId: undefined, endedIds: [] };
    for (const old of older) {
      stmt.delete.run(old.id);
      // The same follow-up sent again (a corrected plan): its reminder, once sent, is not sent twice.
      if (old.remindedAt && old.followUpDate === newest.followUpDate) stmt.keepReminded.run(old.remindedAt, old.reminderDistributionId, newest.id);
    }
    return { activated, activeId: newest.id, endedIds: older.map((o) => o.id) };
  });

  return {
    async savePending(f, at) {
      stmt.insert.run({
        id: f.id,
        distributionId: f.distributionId,
        followUpDate: f.followUpDate,
        meetingDate: f.meetingDate,
        citizenName: f.citizenName,
        coordinatorName: f.coordinator.name,
        coordinatorOrganisation: f.coordinator.organisation,
        coordinatorEmail: f.coordinator.email,
        participants: JSON.stringify(f.participants.map((p) => ({ name: p.name, organisation: p.organisation, email: p.email }))),
        matchKey: f.matchKey,
        ownerId: f.owner.id,
        ownerOrganisation: f.owner.organisation,
        createdAt: at,
      });
    },
    async activate(distributionId, at) {
      const result = activate(distributionId, at);
      if (result.endedIds.length) forgetDeletedPages();
      return result;
    },
    async listPending() {
      return (stmt.pending.all() as Row[]).map(toRecord);
    },
    async deletePending(distributionId) {
      return stmt.deletePending.run(distributionId).changes > 0;
    },
    async get(id) {
      const r = stmt.byId.get(id) as Row | undefined;
      return r ? toRecord(r) : undefined;
    },
    async listActive({ ownerId, organisation }) {
      return (stmt.active.all(ownerId, organisation) as Row[]).map(toRecord);
    },
    async claimReminder(c) {
      const r = stmt.claim.get({ until: c.now + c.leaseMs, distributionId: c.newDistributionId, dueUpTo: c.dueUpTo, now: c.now }) as Row | undefined;
      return r ? toRecord(r) : undefined;
    },
    async markReminded(id, at) {
      stmt.reminded.run(at, id);
    },
    async deleteDatedUpTo(date) {
      const n = stmt.deleteDated.run(date).changes;
      if (n) forgetDeletedPages();
      return n;
    },
    async countOverdue(date) {
      return (stmt.overdue.get(date) as { n: number }).n;
    },
  };
}
