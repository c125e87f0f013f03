import type { ActivityType } from '@member-center/contract';
import type { Sql } from '../db/sql.js';
import { businessRule } from '../kernel/errors.js';
import { MEMBER_COLUMNS, type MemberRow } from './members.js';

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
  /** A credit's lot expires then (null: never) instead of `expireMonths` after `earnedAt`. */
  expiresAt?: Date | null;
  /** False for a credit that gives back points already earned once (a points discount's hold): not lifetime earnings. */
  earned?: boolean;
}

/**
 * Locks the member row for the rest of the transaction, so racing postings queue behind it,
 * and returns it as it stands under the lock (member-state decides from it whether anything is
 * due).
 */
export async function lockMember(tx: Sql, memberId: string) {
  const [row] = await tx.query<MemberRow>(`SELECT ${MEMBER_COLUMNS} FROM members WHERE id = $1 FOR UPDATE`, [memberId]);
  if (!row) throw new Error(`No member ${memberId}`);
  return row;
}

/**
 * Appends one ledger entry and moves the materialised balance with it, in the caller's
 * transaction; the caller holds the member lock (and has brought the member up to date). A
 * credit opens a lot that expires after `expireMonths` (null: never); a debit takes from the
 * oldest lots first. A debit the balance cannot cover fails with `insufficient_points` and
 * changes nothing. Returns the balance after it.
 */
export async function postLocked(tx: Sql, p: Posting, expireMonths: number | null, consume = true): Promise<number> {
  if (p.points < 0 && consume) return debit(tx, p);
  const [member] = await tx.query<{ balance: number; debt: number }>(
    `UPDATE members SET balance = balance + $2, lifetime_earned = lifetime_earned + CASE WHEN $3 THEN greatest($2, 0) ELSE 0 END
     WHERE id = $1 AND balance + $2 >= 0 RETURNING balance, debt`,
    [p.memberId, p.points, p.earned ?? true],
  );
  if (!member) return refuse(tx, p);
  const [entry] = await tx.query<{ id: number }>(
    `INSERT INTO ledger_entries (program_id, member_id, type, points, balance_after, qualifying, description, order_id,
       redemption_id, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
    entryParams(p, member.balance),
  );
  if (p.points > 0) {
    // A credit pays the member's debt (points a refund could not take back) first; only the
    // rest becomes a lot that can be spent.
    const repaid = Math.min(member.debt, p.points);
    if (p.points > repaid) {
      // The lot's expiry is work that falls due: next_due_at moves down to it in the same statement.
      await tx.query(
        `WITH lot AS (
           INSERT INTO point_lots (program_id, member_id, entry_id, points, remaining, earned_at, expires_at)
           VALUES ($1, $2, $3, $4, $4, $5, CASE WHEN $7 THEN $8::timestamptz
             ELSE $5::timestamptz + make_interval(months => $6) END) RETURNING expires_at
         )
         UPDATE members SET next_due_at = least(next_due_at, (SELECT expires_at FROM lot)) WHERE id = $2`,
        [
          p.programId,
          p.memberId,
          entry!.id,
          p.points - repaid,
          p.earnedAt ?? p.at,
          expireMonths,
          p.expiresAt !== undefined,
          p.expiresAt ?? null,
        ],
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
      return postLocked(tx, repayment, null, false);
    }
  }
  return member.balance;
}

const entryParams = (p: Posting, balanceAfter: number) => [
  p.programId,
  p.memberId,
  p.type,
  p.points,
  balanceAfter,
  p.qualifying ?? false,
  p.description,
  p.orderId ?? null,
  p.redemptionId ?? null,
  p.at,
];

/** What a debit statement writes besides its own rows (all parameters numbered from $10). */
export interface DebitTail {
  /** `name AS (…), ` clauses placed before the debit: `gate` may read them. */
  before?: string;
  /** A condition the debit also needs (`EXISTS (SELECT 1 FROM claim)`): false, nothing is written. */
  gate?: string;
  /** More of the member row the debit sets (`, next_due_at = …`). */
  set?: string;
  /** `, name AS (…)` clauses after it, reading `member` (the debited row) so they write only with it. */
  ctes: string;
  params: unknown[];
  /** Extra output columns of the statement (`, (SELECT count(*) FROM name) AS name`). */
  select: string;
}

/**
 * A debit in one statement: the conditional balance update, its ledger entry and the oldest
 * lots taken, so a redemption holds the member lock over one round trip instead of three.
 * The lots always add up to the balance, which the conditional UPDATE has just checked.
 * `tail` adds the caller's own writes to the same statement (a redemption adds its coupon,
 * its event and its idempotency key). Returns the balance after it (null when `tail.gate` held
 * it back), and the tail's columns.
 */
export async function debitLocked<T extends object = object>(
  tx: Sql,
  p: Posting,
  tail: DebitTail = { ctes: '', params: [], select: '' },
) {
  const [row] = await tx.query<{ balance: number | null; taken: number | null } & T>(
    `WITH ${tail.before ?? ''}member AS (
       UPDATE members SET balance = balance + $4${tail.set ?? ''} WHERE id = $2 AND balance + $4 >= 0${tail.gate ? ` AND ${tail.gate}` : ''}
       RETURNING balance
     ), entry AS (
       INSERT INTO ledger_entries (program_id, member_id, type, points, balance_after, qualifying, description, order_id,
         redemption_id, created_at)
       SELECT $1, $2, $3, $4, balance, $5, $6, $7, $8, $9 FROM member RETURNING id
     ), open AS (
       SELECT id, remaining, sum(remaining) OVER (ORDER BY earned_at, id) - remaining AS before
       FROM point_lots WHERE member_id = $2 AND remaining > 0 AND EXISTS (SELECT 1 FROM member)
     ), take AS (
       SELECT id, least(remaining, -$4 - before) AS points FROM open WHERE before < -$4
     ), updated AS (
       UPDATE point_lots l SET remaining = l.remaining - take.points FROM take WHERE l.id = take.id RETURNING take.points
     )${tail.ctes}
     SELECT (SELECT balance FROM member) AS balance, (SELECT sum(points)::bigint FROM updated) AS taken,
       (SELECT count(*) FROM entry) AS entries${tail.select}`,
    [...entryParams(p, 0).filter((_, i) => i !== 4), ...tail.params], // no balance_after yet: the statement computes it
  );
  if (row!.balance === null) {
    if (tail.gate) return row as typeof row & { balance: null };
    return refuse(tx, p);
  }
  if ((row!.taken ?? 0) !== -p.points) throw new Error(`Lots of member ${p.memberId} do not cover ${-p.points} points`);
  return row as typeof row & { balance: number | null };
}

const debit = async (tx: Sql, p: Posting) => (await debitLocked(tx, p)).balance as number;

/** The refusal of a debit of `needed` points that a balance of `balance` cannot cover. */
export const insufficientPoints = (needed: number, balance: number) =>
  businessRule('insufficient_points', `This needs ${needed} points; the balance is ${balance}.`, {
    balance,
    pointsNeeded: needed - balance,
  });

async function refuse(tx: Sql, p: Posting): Promise<never> {
  const [row] = await tx.query<{ balance: number }>('SELECT balance FROM members WHERE id = $1', [p.memberId]);
  throw insufficientPoints(-p.points, row?.balance ?? 0);
}

/**
 * Takes back `points` (positive) from a member, in the caller's transaction (the caller holds
 * the lock): as much as the balance holds as one debit of `p.type` (oldest lots first), the
 * rest as debt that later credits pay first. The stored balance never goes below zero.
 * Returns the balance and debt.
 */
export async function clawBackLocked(tx: Sql, p: Omit<Posting, 'points'>, points: number) {
  const [member] = await tx.query<{ balance: number }>('SELECT balance FROM members WHERE id = $1', [p.memberId]);
  const taken = Math.min(member!.balance, points);
  const balance = taken > 0 ? await postLocked(tx, { ...p, points: -taken }, null) : member!.balance;
  const [after] = await tx.query<{ debt: number }>('UPDATE members SET debt = debt + $2 WHERE id = $1 RETURNING debt', [
    p.memberId,
    points - taken,
  ]);
  return { balance, debt: after!.debt };
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
    await postLocked(
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
