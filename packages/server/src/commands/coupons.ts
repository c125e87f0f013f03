import type { CouponResponse, IssueCouponsBody, IssueCouponsResponse, UseCouponBody } from '@member-center/contract';
import type { Database, Sql } from '../db/sql.js';
import { businessRule, conflict, DomainError, notFound } from '../kernel/errors.js';
import { idempotent } from '../kernel/idempotency.js';
import type { ProgramRow } from '../kernel/programs.js';
import { ensureMember, lowerDueAt } from '../ledger/members.js';
import { lockAndAdvance } from '../member-state/advance.js';
import { segmentMemberIds } from '../queries/segments.js';
import {
  announceCoupon,
  type CouponRow,
  couponCode,
  couponView,
  normalizeCode,
  returnHeld,
  statusAt,
} from '../rules/coupons.js';
import { couponExpiry, type RewardRow, rewardValue } from '../rules/rewards.js';

type Found = CouponRow & { customer_id: string };

/** The program's coupon with this code (as typed), with its member's customer id; undefined: none. */
export async function findCoupon(db: Sql, programId: string, typed: string, lock = false) {
  const [row] = await db.query<Found>(
    `SELECT r.*, m.customer_id FROM redemptions r JOIN members m ON m.id = r.member_id
     WHERE r.program_id = $1 AND r.code = $2 ${lock ? 'FOR UPDATE OF r' : ''}`,
    [programId, normalizeCode(typed)],
  );
  return row;
}

/** Thrown for a code the program does not have: http/ counts these against the wrong-code limit. */
export class UnknownCouponError extends DomainError {
  constructor(code: string) {
    super(404, 'not_found', `No coupon ${code} in this program.`);
  }
}

async function existing(db: Sql, programId: string, code: string, lock = false) {
  const coupon = await findCoupon(db, programId, code, lock);
  if (!coupon) throw new UnknownCouponError(normalizeCode(code));
  return coupon;
}

const answer = (program: ProgramRow, c: Found, at: Date): CouponResponse => ({
  coupon: couponView(program, c, c.customer_id, at),
});

/** `GET /v1/coupons/{code}`. */
export const lookUpCoupon = async (db: Sql, program: ProgramRow, code: string, at: Date) =>
  answer(program, await existing(db, program.id, code), at);

/** A points discount worth more than the program's share of this order's total (422 discount_exceeds_order). */
function assertWithinShare(program: ProgramRow, c: CouponRow, total: number) {
  const percent = program.discount_max_share_percent;
  if (percent === null || c.value_amount === null) return;
  const cap = Math.floor((total * percent) / 100);
  if (c.value_amount <= cap) return;
  throw businessRule(
    'discount_exceeds_order',
    `A points discount may take at most ${percent}% of an order; this one is worth ${c.value_amount}, the cap ${cap}.`,
    { maxSharePercent: percent, cap: { amount: cap, currency: program.currency } },
  );
}

/** Why a code that is not available cannot be used (or released) on `orderId`. */
function refusal(c: Found, at: Date) {
  const status = statusAt(c, at);
  if (status === 'used') return conflict('coupon_used', `Coupon ${c.code} is already used on another order.`);
  if (status === 'void') return new DomainError(422, 'coupon_void', `Coupon ${c.code} was cancelled.`);
  return new DomainError(422, 'coupon_expired', `Coupon ${c.code} expired at ${c.expires_at!.toISOString()}.`);
}

/**
 * `POST /v1/coupons/{code}/use`: one conditional UPDATE (available, not past its expiry), so of
 * two checkouts racing for one code exactly one wins; the other reads the row as used. Using it
 * again on the same order answers the same (idempotent per code + order). A points discount's
 * held points were debited when it was made: using it spends them with no further entry.
 */
export async function useCoupon(db: Database, program: ProgramRow, code: string, use: UseCouponBody, at: Date) {
  const { orderId } = use;
  if (use.orderTotal && use.orderTotal.currency !== program.currency) {
    throw businessRule(
      'currency_mismatch',
      `This program counts in ${program.currency}, not ${use.orderTotal.currency}.`,
    );
  }
  return db.transaction(async (tx) => {
    const [used] = await tx.query<Found>(
      `WITH used AS (
         UPDATE redemptions SET status = 'used', used_at = $4, order_id = $3
         WHERE program_id = $1 AND code = $2 AND status = 'available' AND (expires_at IS NULL OR expires_at > $4)
         RETURNING *
       )
       SELECT used.*, m.customer_id FROM used JOIN members m ON m.id = used.member_id`,
      [program.id, normalizeCode(code), orderId, at],
    );
    if (used) {
      // Refused after the update, which the refusal rolls back: the race is still decided by it alone.
      if (use.orderTotal && used.kind === 'points_discount') assertWithinShare(program, used, use.orderTotal.amount);
      await announceCoupon(tx, program, 'coupon.used', used, at);
      return answer(program, used, at);
    }
    const c = await existing(tx, program.id, code);
    if (c.status === 'used' && c.order_id === orderId) return answer(program, c, at);
    throw refusal(c, at);
  });
}

/**
 * `POST /v1/coupons/{code}/release`: the order was cancelled, the code is available again. A
 * code whose expiry passed meanwhile is expired at once (a points discount's points come back),
 * through the member-state step, so release and expiry give one ledger. Idempotent: a code that
 * is not used answers as it stands.
 */
export async function releaseCoupon(db: Database, program: ProgramRow, code: string, orderId: string, at: Date) {
  return db.transaction(async (tx) => {
    const before = await existing(tx, program.id, code);
    // The member first, then the code: the order every member-state step locks in.
    await lockAndAdvance(tx, program, before.member_id, at);
    const c = await existing(tx, program.id, code, true);
    if (c.status === 'used' && c.order_id !== orderId) throw refusal(c, at);
    if (c.status === 'void') throw refusal(c, at);
    if (c.status === 'used') {
      await tx.query(`UPDATE redemptions SET status = 'available', used_at = NULL, order_id = NULL WHERE id = $1`, [
        c.id,
      ]);
      if (c.expires_at) {
        await lowerDueAt(tx, c.member_id, c.expires_at);
        await lockAndAdvance(tx, program, c.member_id, at);
      }
    }
    return answer(program, (await existing(tx, program.id, code))!, at);
  });
}

/**
 * `POST /v1/coupons/{code}/void`: an unused code is cancelled for good; a points discount's
 * held points go back. A used code is 409; voiding twice answers the same.
 */
export async function voidCoupon(db: Database, program: ProgramRow, code: string, at: Date) {
  return db.transaction(async (tx) => {
    const before = await existing(tx, program.id, code);
    await lockAndAdvance(tx, program, before.member_id, at);
    const c = await existing(tx, program.id, code, true);
    if (c.status === 'used') throw refusal(c, at);
    if (c.status === 'available') {
      await tx.query(`UPDATE redemptions SET status = 'void', voided_at = $2 WHERE id = $1`, [c.id, at]);
      if (c.kind === 'points_discount') {
        await returnHeld(
          tx,
          program,
          c,
          c.points - c.points_returned,
          `Points discount ${c.code} cancelled: points back`,
          at,
        );
      }
    }
    return answer(program, (await existing(tx, program.id, code))!, at);
  });
}

/**
 * Gives back the held points of the points discounts used on `orderId` in proportion to what
 * is refunded of it: `refunded` of `amount` (cumulative), rounded down, so a full refund gives
 * back all of them and no refund gives back more. In the refund's transaction, member locked.
 */
export async function refundDiscounts(
  tx: Sql,
  program: ProgramRow,
  memberId: string,
  orderId: string,
  refunded: number,
  amount: number,
  at: Date,
) {
  const discounts = await tx.query<CouponRow>(
    `SELECT * FROM redemptions WHERE program_id = $1 AND member_id = $2 AND order_id = $3
       AND kind = 'points_discount' AND status = 'used' ORDER BY seq FOR UPDATE`,
    [program.id, memberId, orderId],
  );
  let points = 0;
  for (const c of discounts) {
    const due = amount === 0 ? c.points : Number((BigInt(c.points) * BigInt(refunded)) / BigInt(amount));
    const back = due - c.points_returned;
    if (back <= 0) continue;
    await returnHeld(tx, program, c, back, `Points discount ${c.code}: order ${orderId} refunded`, at);
    points += back;
  }
  return points;
}

const INSERT_ISSUED = `
  INSERT INTO redemptions (program_id, member_id, reward_id, reward_name, points, code, created_at, kind, value_amount,
    expires_at, batch_key)
  SELECT $1, member_id, $2, $3, 0, code, $4, 'issued', $5, $6, $7
  FROM unnest($8::uuid[], $9::text[]) AS t(member_id, code)
  ON CONFLICT DO NOTHING
  RETURNING *`;

/** Inserts one code per member (skipping members the batch already reached); returns the rows. */
async function insertCodes(
  tx: Sql,
  program: ProgramRow,
  reward: RewardRow,
  ids: string[],
  expiresAt: Date | null,
  key: string,
  at: Date,
) {
  const out: CouponRow[] = [];
  for (let i = 0; i < ids.length; i += 1000) {
    let chunk = ids.slice(i, i + 1000);
    // A code collision (1 in ~10^17 per pair) skips a member: draw again for those.
    for (let attempt = 0; chunk.length > 0 && attempt < 5; attempt++) {
      const rows = await tx.query<CouponRow>(INSERT_ISSUED, [
        program.id,
        reward.id,
        reward.name,
        at,
        rewardValue(reward),
        expiresAt,
        key,
        chunk,
        chunk.map(() => couponCode()),
      ]);
      out.push(...rows);
      const done = new Set(rows.map((r) => r.member_id));
      const reached = await tx.query<{ member_id: string }>(
        'SELECT member_id FROM redemptions WHERE program_id = $1 AND batch_key = $2 AND member_id = ANY($3::uuid[])',
        [program.id, key, chunk.filter((id) => !done.has(id))],
      );
      const skip = new Set([...done, ...reached.map((r) => r.member_id)]);
      chunk = chunk.filter((id) => !skip.has(id));
    }
  }
  if (expiresAt && out.length > 0) {
    await tx.query('UPDATE members SET next_due_at = least(next_due_at, $2) WHERE id = ANY($1::uuid[])', [
      out.map((r) => r.member_id),
      expiresAt,
    ]);
  }
  return out;
}

async function issue(tx: Sql, program: ProgramRow, body: IssueCouponsBody, at: Date) {
  const [reward] = await tx.query<RewardRow>('SELECT * FROM rewards WHERE program_id = $1 AND id = $2', [
    program.id,
    body.rewardId,
  ]);
  if (!reward) throw notFound(`No reward ${body.rewardId} in this program.`);
  if (body.segment?.tierId) {
    const [tier] = await tx.query('SELECT 1 FROM tiers WHERE program_id = $1 AND id = $2', [
      program.id,
      body.segment.tierId,
    ]);
    if (!tier) throw notFound(`No tier ${body.segment.tierId} in this program.`);
  }
  const ids =
    body.customerId !== undefined
      ? [(await ensureMember(tx, program.id, body.customerId)).id]
      : await segmentMemberIds(tx, program.id, at, body.segment ?? {});
  const expiresAt = couponExpiry(reward, at, body.validDays ?? reward.valid_days);
  const issued = await insertCodes(tx, program, reward, ids, expiresAt, body.batchKey, at);
  const response: IssueCouponsResponse = {
    batchKey: body.batchKey,
    rewardId: reward.id,
    matched: ids.length,
    issued: issued.length,
    expiresAt: expiresAt?.toISOString() ?? null,
    ...(body.customerId !== undefined && issued[0] && { coupon: couponView(program, issued[0], body.customerId, at) }),
  };
  return { status: 201, body: response };
}

/**
 * One code of a reward for one member, as `POST /v1/coupons` issues it (the reward's value and
 * validity, no points), in the caller's transaction: a lottery's coupon prize. `batchKey` is
 * unique per gift (e.g. `lottery:<draw id>`). Null when the program has no such reward.
 */
export async function issueOneCoupon(
  tx: Sql,
  program: ProgramRow,
  rewardId: string,
  memberId: string,
  batchKey: string,
  at: Date,
) {
  const [reward] = await tx.query<RewardRow>('SELECT * FROM rewards WHERE program_id = $1 AND id = $2', [
    program.id,
    rewardId,
  ]);
  if (!reward) return null;
  const [coupon] = await insertCodes(tx, program, reward, [memberId], couponExpiry(reward, at), batchKey, at);
  return coupon ?? null;
}

/** `POST /v1/coupons`: once per batch key (the same key and body answer the same counts; another body is 409). */
export const issueCoupons = (db: Database, program: ProgramRow, body: IssueCouponsBody, at: Date) =>
  idempotent(db, { programId: program.id, scope: 'coupon-batch', key: body.batchKey, request: body }, (tx) =>
    issue(tx, program, body, at),
  );
