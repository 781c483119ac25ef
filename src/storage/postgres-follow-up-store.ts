/**
 * The FollowUpStore on PostgreSQL, shared by every replica. A reminder's claim is one UPDATE
 * of a row chosen with `FOR UPDATE SKIP LOCKED`, so two replicas' schedulers never hold the
 * same one; an activation locks every follow-up of its coordinator and citizen first, so two
 * plans of theirs sent at once on two replicas still leave exactly the newest.
 */
import type pg from 'pg';
import { newestFollowUpFirst, type ActivationResult, type FollowUpStore } from '../follow-up/follow-up-store.js';
import { inTransaction } from './postgres-database.js';
import { POSTGRES_CODEC, toFollowUpRecord, type Row } from './row-codec.js';

const toRecord = (r: Row) => toFollowUpRecord(r, POSTGRES_CODEC);

export function createPostgresFollowUpStore(pool: pg.Pool): FollowUpStore {
  const records = async (sql: string, params: unknown[]) => (await pool.query(sql, params)).rows.map(toRecord);

  return {
    async savePending(f, at) {
      await pool.query(
        `INSERT INTO follow_ups (id, distribution_id, follow_up_date, meeting_date, citizen_name, coordinator_name, coordinator_organisation,
           coordinator_email, participants, match_key, owner_id, owner_organisation, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
        [
          f.id,
          f.distributionId,
          f.followUpDate,
          f.meetingDate,
          f.citizenName,
          f.coordinator.name,
          f.coordinator.organisation,
          f.coordinator.email,
          JSON.stringify(f.participants.map((p) => ({ name: p.name, organisation: p.organisation, email: p.email }))),
          f.matchKey,
          f.owner.id,
          f.owner.organisation,
          at,
        ],
      );
    },

    activate: (distributionId, at) =>
      inTransaction(pool, async (c): Promise<ActivationResult> => {
        const mine = (await c.query<{ id: string; match_key: string }>(`SELECT id, match_key FROM follow_ups WHERE distribution_id = $1`, [distributionId])).rows[0];
        if (!mine) return { activated: false, activeId: undefined, endedIds: [] };
        // Every follow-up of this coordinator and citizen, locked: another replica's activation waits.
        const same = (await c.query(`SELECT * FROM follow_ups WHERE match_key = $1 ORDER BY id FOR UPDATE`, [mine.match_key])).rows.map(toRecord);
        const activated = (await c.query(`UPDATE follow_ups SET activated_at = $2 WHERE id = $1 AND activated_at IS NULL`, [mine.id, at])).rowCount === 1;
        const active = same.map((f) => (f.id === mine.id && activated ? { ...f, activatedAt: at } : f)).filter((f) => f.activatedAt !== null);
        const [newest, ...older] = active.sort(newestFollowUpFirst);
        if (!newest) return { activated, activeId: undefined, endedIds: [] };
        for (const old of older) {
          await c.query(`DELETE FROM follow_ups WHERE id = $1`, [old.id]);
          // The same follow-up sent again (a corrected plan): its reminder, once sent, is not sent twice.
          if (old.remindedAt && old.followUpDate === newest.followUpDate) {
            await c.query(`UPDATE follow_ups SET reminded_at = $1, reminder_distribution_id = $2 WHERE id = $3 AND reminded_at IS NULL`, [
              old.remindedAt,
              old.reminderDistributionId,
              newest.id,
            ]);
          }
        }
        return { activated, activeId: newest.id, endedIds: older.map((o) => o.id) };
      }),

    listPending: () => records(`SELECT * FROM follow_ups WHERE activated_at IS NULL ORDER BY created_at`, []),

    async deletePending(distributionId) {
      return ((await pool.query(`DELETE FROM follow_ups WHERE distribution_id = $1 AND activated_at IS NULL`, [distributionId])).rowCount ?? 0) > 0;
    },

    async get(id) {
      return (await records(`SELECT * FROM follow_ups WHERE id = $1`, [id]))[0];
    },

    listActive: ({ ownerId, organisation }) =>
      records(`SELECT * FROM follow_ups WHERE activated_at IS NOT NULL AND (owner_id = $1 OR owner_organisation = $2) ORDER BY follow_up_date, id`, [
        ownerId,
        organisation,
      ]),

    async claimReminder(claim) {
      const [claimed] = await records(
        `UPDATE follow_ups SET reminder_claimed_until = $1, reminder_distribution_id = coalesce(reminder_distribution_id, $2)
         WHERE id = (SELECT id FROM follow_ups
                     WHERE activated_at IS NOT NULL AND reminded_at IS NULL AND follow_up_date <= $3 AND reminder_claimed_until <= $4
                     ORDER BY follow_up_date, id LIMIT 1 FOR UPDATE SKIP LOCKED)
           AND reminded_at IS NULL AND reminder_claimed_until <= $4
         RETURNING *`,
        [claim.now + claim.leaseMs, claim.newDistributionId, claim.dueUpTo, claim.now],
      );
      return claimed;
    },

    async markReminded(id, at) {
      await pool.query(`UPDATE follow_ups SET reminded_at = $1, reminder_claimed_until = 0 WHERE id = $2 AND reminded_at IS NULL`, [at, id]);
    },

    async deleteDatedUpTo(date) {
      return (await pool.query(`DELETE FROM follow_ups WHERE follow_up_date <= $1`, [date])).rowCount ?? 0;
    },

    async countOverdue(date) {
      const { rows } = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM follow_ups WHERE activated_at IS NOT NULL AND follow_up_date < $1`, [date]);
      return rows[0]?.n ?? 0;
    },
  };
}
