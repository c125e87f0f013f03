import { randomUUID } from 'node:crypto';
import type { DiscountResponse } from '@member-center/contract';
import type { Database, Sql } from '../db/sql.js';
import { businessRule } from '../kernel/errors.js';
import { idempotent } from '../kernel/idempotency.js';
import { type ProgramRow, shownBalance } from '../kernel/programs.js';
import { lockMember, postLocked } from '../ledger/ledger.js';
import type { MemberRow } from '../ledger/members.js';
import { advanceIfDue } from '../member-state/advance.js';
import { type CouponRow, couponCode, heldPoints, walletView } from '../rules/coupons.js';
import { discountRule, discountValue } from '../rules/discounts.js';

/**
 * The age of the `points` oldest open points of the member (the ones a debit takes): when the
 * oldest was earned and the soonest expires. Read under the member lock, just before the debit.
 */
async function ageOfOldest(tx: Sql, memberId: string, points: number) {
  const [row] = await tx.query<{ earned_at: Date | null; expires_at: Date | null }>(
    `SELECT min(earned_at) AS earned_at, min(expires_at) AS expires_at FROM (
       SELECT earned_at, expires_at, sum(remaining) OVER (ORDER BY earned_at, id) - remaining AS before
       FROM point_lots WHERE member_id = $1 AND remaining > 0
     ) open WHERE before < $2`,
    [memberId, points],
  );
  return row!;
}

/**
 * Turns `points` into a single-use money-off code, in the caller's transaction. The points are
 * held by debiting them now (a `discount` entry, oldest lots first, like a redemption), so the
 * balance is what can still be spent and the ledger, the lots and the balance keep agreeing with
 * no second notion of points; the code's expiry gives them back (rules/coupons.ts).
 */
async function createDiscount(tx: Sql, program: ProgramRow, member: MemberRow, points: number, at: Date) {
  const rule = discountRule(program);
  if (!rule) throw businessRule('discount_unavailable', 'This program does not turn points into cash.');
  const problem =
    points < rule.minPoints
      ? `at least ${rule.minPoints} points`
      : rule.maxPoints !== null && points > rule.maxPoints
        ? `at most ${rule.maxPoints} points`
        : points % rule.step !== 0
          ? `a multiple of ${rule.step} points`
          : discountValue(program, points) < 1
            ? 'enough points to be worth something'
            : null;
  if (problem) {
    throw businessRule('discount_not_allowed', `A points discount takes ${problem}.`, {
      minPoints: rule.minPoints,
      step: rule.step,
      maxPoints: rule.maxPoints,
    });
  }
  const locked = await advanceIfDue(tx, program, await lockMember(tx, member.id), at);
  const age = await ageOfOldest(tx, locked.id, points);
  const id = randomUUID();
  const code = couponCode();
  const balance = await postLocked(
    tx,
    {
      programId: program.id,
      memberId: member.id,
      type: 'discount',
      points: -points,
      description: `Points discount ${code}: held until used`,
      redemptionId: id,
      at,
    },
    program.points_expire_months,
  );
  const expiresAt = new Date(at.getTime() + rule.validMinutes * 60_000);
  const [coupon] = await tx.query<CouponRow>(
    `WITH coupon AS (
       INSERT INTO redemptions (id, program_id, member_id, reward_id, reward_name, points, code, created_at, kind,
         value_amount, expires_at, held_earned_at, held_expires_at)
       VALUES ($1, $2, $3, NULL, 'Points discount', $4, $5, $6, 'points_discount', $7, $8, $9, $10) RETURNING *
     ), lowered AS (
       UPDATE members SET next_due_at = least(next_due_at, $8) WHERE id = $3
     )
     SELECT * FROM coupon`,
    [
      id,
      program.id,
      member.id,
      points,
      code,
      at,
      discountValue(program, points),
      expiresAt,
      age.earned_at,
      age.expires_at,
    ],
  );
  const held = await heldPoints(tx, member.id);
  const body: DiscountResponse = {
    redemption: walletView(program, coupon!, at),
    points: { balance: shownBalance(program, balance, locked.debt), held },
  };
  return { status: 201, body };
}

/** `POST /v1/me/discounts`, once per idempotency key. */
export const createDiscountOnce = (
  db: Database,
  program: ProgramRow,
  member: MemberRow,
  points: number,
  key: string,
  at: Date,
) =>
  idempotent(db, { programId: program.id, scope: `discount:${member.id}`, key, request: { points } }, (tx) =>
    createDiscount(tx, program, member, points, at),
  );
