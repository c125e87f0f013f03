import type { ActivityEntry, ActivityList, ActivityType } from '@member-center/contract';
import type { Sql } from '../db/database.js';
import { businessRule } from '../http/errors.js';
import { page } from './paging.js';
import { settleReferral } from './referrals.js';
import { endTierPeriods, reviewTier } from './tiers.js';

export interface Posting {
  programId: string;
  memberId: string;
  type: ActivityType;
  /** Signed: credits are positive, debits negative. */
  points: number;
  description: string;
  /** When it happens: the app's clock, so tests can move time. */
  at: Date;
  /** Counts toward tier qualification. */
  qualifying?: boolean;
  orderId?: string;
  redemptionId?: string;
  /** A credit's lot counts its age (expiry) from here; default `at`. */
  earnedAt?: Date;
}

/**
 * Appends one ledger entry and moves the materialised balance with it, in the caller's
 * transaction. The member row is locked first, so racing postings queue behind it; points
 * that have expired by `at` are written off before anything else moves. A credit opens a
 * lot that expires after the program's period; a debit takes from the oldest lots first.
 * A debit the balance cannot cover fails with `insufficient_points` and changes nothing.
 */
export async function post(tx: Sql, p: Posting) {
  const { expireMonths } = await lockAndSettle(tx, p.programId, p.memberId, p.at);
  return append(tx, p, expireMonths);
}

/**
 * Takes back `points` (positive) from a member, in the caller's transaction: as much as the
 * balance holds as one debit of `p.type` (oldest lots first), the rest as debt that later
 * credits pay first. The stored balance never goes below zero. Returns the balance and debt.
 */
export async function clawBack(tx: Sql, p: Omit<Posting, 'points'>, points: number) {
  const { expireMonths } = await lockAndSettle(tx, p.programId, p.memberId, p.at);
  const [member] = await tx.query<{ balance: number }>('SELECT balance FROM members WHERE id = $1', [p.memberId]);
  const taken = Math.min(member!.balance, points);
  const balance = taken > 0 ? await append(tx, { ...p, points: -taken }, expireMonths) : member!.balance;
  const [after] = await tx.query<{ debt: number }>('UPDATE members SET debt = debt + $2 WHERE id = $1 RETURNING debt', [
    p.memberId,
    points - taken,
  ]);
  return { balance, debt: after!.debt };
}

/**
 * Brings a member's points up to `at`: settles the tier periods that have ended, releases the
 * pending order points whose return window has passed (oldest first), then writes off expired
 * lots. The caller holds the member lock. Returns the number of ledger entries written (tier
 * entries aside).
 */
async function settleLocked(tx: Sql, programId: string, memberId: string, at: Date, expireMonths: number | null) {
  // First: a tier period ends at its own instant, before anything this settle writes at `at`.
  await endTierPeriods(tx, memberId, at);
  const released = await tx.query<{ id: number; order_id: string; points: number; available_at: Date }>(
    `UPDATE pending_points SET released_at = $2
     WHERE member_id = $1 AND released_at IS NULL AND available_at <= $2
     RETURNING id, order_id, points, available_at`,
    [memberId, at],
  );
  released.sort((a, b) => a.available_at.getTime() - b.available_at.getTime() || a.id - b.id);
  for (const hold of released) {
    await append(
      tx,
      {
        programId,
        memberId,
        type: 'order',
        points: hold.points,
        qualifying: true,
        orderId: hold.order_id,
        description: `Order ${hold.order_id}`,
        at,
        // Its age counts from the end of the return window, whenever this runs.
        earnedAt: hold.available_at,
      },
      expireMonths,
    );
  }
  // Released order points count toward tiers from now: they may lift the tier at once.
  if (released.length > 0) await reviewTier(tx, memberId, at);
  // A referee's reward waits on the release of their first order's points (referrals.ts).
  const rewarded = await settleReferral(tx, programId, memberId, at);
  return released.length + rewarded + (await expireDue(tx, programId, memberId, at));
}

/**
 * Locks the member row for the rest of the transaction and brings their points up to `at`
 * (`settleLocked`); returns the program's expiry period and the ledger entries written.
 */
export async function lockAndSettle(tx: Sql, programId: string, memberId: string, at: Date) {
  const { expireMonths } = await lockMember(tx, memberId);
  const entries = await settleLocked(tx, programId, memberId, at, expireMonths);
  return { expireMonths, entries };
}

/** Locks the member row for the rest of the transaction; returns the program's expiry period. */
export async function lockMember(tx: Sql, memberId: string) {
  const [row] = await tx.query<{ points_expire_months: number | null }>(
    `SELECT p.points_expire_months FROM members m JOIN programs p ON p.id = m.program_id
     WHERE m.id = $1 FOR UPDATE OF m`,
    [memberId],
  );
  if (!row) throw new Error(`No member ${memberId}`);
  return { expireMonths: row.points_expire_months };
}

/** The entry itself: balance, ledger and lots. The caller holds the member lock. */
async function append(tx: Sql, p: Posting, expireMonths: number | null, consume = true) {
  const [member] = await tx.query<{ balance: number; debt: number }>(
    `UPDATE members SET balance = balance + $2, lifetime_earned = lifetime_earned + greatest($2, 0)
     WHERE id = $1 AND balance + $2 >= 0 RETURNING balance, debt`,
    [p.memberId, p.points],
  );
  if (!member) {
    const [row] = await tx.query<{ balance: number }>('SELECT balance FROM members WHERE id = $1', [p.memberId]);
    throw businessRule('insufficient_points', `This needs ${-p.points} points; the balance is ${row?.balance ?? 0}.`, {
      balance: row?.balance ?? 0,
      pointsNeeded: -p.points - (row?.balance ?? 0),
    });
  }
  const [entry] = await tx.query<{ id: number }>(
    `INSERT INTO ledger_entries (program_id, member_id, type, points, balance_after, qualifying, description, order_id,
       redemption_id, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
    [
      p.programId,
      p.memberId,
      p.type,
      p.points,
      member.balance,
      p.qualifying ?? false,
      p.description,
      p.orderId ?? null,
      p.redemptionId ?? null,
      p.at,
    ],
  );
  if (p.points > 0) {
    // A credit pays the member's debt (points a refund could not take back) first; only the
    // rest becomes a lot that can be spent.
    const repaid = Math.min(member.debt, p.points);
    if (p.points > repaid) {
      await tx.query(
        `INSERT INTO point_lots (program_id, member_id, entry_id, points, remaining, earned_at, expires_at)
         VALUES ($1, $2, $3, $4, $4, $5, $5::timestamptz + make_interval(months => $6))`,
        [p.programId, p.memberId, entry!.id, p.points - repaid, p.earnedAt ?? p.at, expireMonths],
      );
    }
    if (repaid > 0) {
      await tx.query('UPDATE members SET debt = debt - $2 WHERE id = $1', [p.memberId, repaid]);
      const repayment: Posting = {
        programId: p.programId,
        memberId: p.memberId,
        type: 'refund',
        points: -repaid,
        description: `${repaid} points owed from a refund repaid`,
        at: p.at,
      };
      return append(tx, repayment, null, false);
    }
  } else if (consume) {
    await takeOldestFirst(tx, p.memberId, -p.points);
  }
  return member.balance;
}

/** Takes `points` from the member's open lots, oldest first, in one statement. */
async function takeOldestFirst(tx: Sql, memberId: string, points: number) {
  const [taken] = await tx.query<{ points: number | null }>(
    `WITH open AS (
       SELECT id, remaining, sum(remaining) OVER (ORDER BY earned_at, id) - remaining AS before
       FROM point_lots WHERE member_id = $1 AND remaining > 0
     ), take AS (
       SELECT id, least(remaining, $2 - before) AS points FROM open WHERE before < $2
     ), updated AS (
       UPDATE point_lots l SET remaining = l.remaining - take.points FROM take WHERE l.id = take.id RETURNING take.points
     )
     SELECT sum(points)::bigint AS points FROM updated`,
    [memberId, points],
  );
  // The lots always add up to the balance, which the conditional UPDATE has just checked.
  if ((taken?.points ?? 0) !== points) throw new Error(`Lots of member ${memberId} do not cover ${points} points`);
}

/**
 * Writes off every lot of the member that has expired by `at`: one `expiry` entry per lot,
 * so the ledger comes out the same whether a read or the sweep gets there first. The caller
 * holds the member lock.
 */
export async function expireDue(tx: Sql, programId: string, memberId: string, at: Date) {
  const expired = await tx.query<{ id: number; points: number; earned_at: Date }>(
    `WITH due AS (
       SELECT id, remaining FROM point_lots
       WHERE member_id = $1 AND remaining > 0 AND expires_at <= $2 ORDER BY expires_at, id
     )
     UPDATE point_lots l SET remaining = 0 FROM due WHERE l.id = due.id
     RETURNING due.remaining AS points, l.earned_at, l.id`,
    [memberId, at],
  );
  // RETURNING has no order of its own: expire the oldest first, as they were earned.
  expired.sort((a, b) => a.earned_at.getTime() - b.earned_at.getTime() || a.id - b.id);
  for (const lot of expired) {
    await append(
      tx,
      {
        programId,
        memberId,
        type: 'expiry',
        points: -lot.points,
        description: `Points earned ${lot.earned_at.toISOString().slice(0, 10)} expired`,
        at,
      },
      null,
      false,
    );
  }
  return expired.length;
}

interface EntryRow {
  id: number;
  type: ActivityType;
  points: number;
  balance_after: number;
  description: string;
  order_id: string | null;
  redemption_id: string | null;
  created_at: Date;
}

export async function activity(db: Sql, memberId: string, limit: number, cursor?: number): Promise<ActivityList> {
  const rows = await db.query<EntryRow>(
    `SELECT id, type, points, balance_after, description, order_id, redemption_id, created_at
     FROM ledger_entries WHERE member_id = $1 AND ($2::bigint IS NULL OR id < $2)
     ORDER BY id DESC LIMIT $3`,
    [memberId, cursor ?? null, limit + 1],
  );
  return page(rows, limit, (r) => r.id, entryView);
}

const entryView = (r: EntryRow): ActivityEntry => ({
  id: String(r.id),
  type: r.type,
  points: r.points,
  balance: r.balance_after,
  description: r.description,
  orderId: r.order_id,
  redemptionId: r.redemption_id,
  createdAt: r.created_at.toISOString(),
});
