import type { Coupon, CouponKind, CouponStatus, Redemption } from '@member-center/contract';
import type { Sql } from '../db/sql.js';
import type { ProgramRow } from '../kernel/programs.js';
import { postLocked } from '../ledger/ledger.js';
import { randomCode } from '../ledger/members.js';
import { emit } from '../webhooks/outbox.js';

/** A row of `redemptions`: every code is a coupon (migration 15). */
export interface CouponRow {
  id: string;
  seq: number;
  program_id: string;
  member_id: string;
  reward_id: string | null;
  reward_name: string;
  points: number;
  code: string;
  created_at: Date;
  kind: CouponKind;
  value_amount: number | null;
  expires_at: Date | null;
  status: CouponStatus;
  used_at: Date | null;
  voided_at: Date | null;
  order_id: string | null;
  batch_key: string | null;
  held_earned_at: Date | null;
  held_expires_at: Date | null;
  points_returned: number;
}

/** What a points discount's `rewardId` reads: it has no reward. */
export const NO_REWARD = '00000000-0000-0000-0000-000000000000';

// 12 characters of 31 (no 0/O, 1/I/L), in groups of 4: ~59 bits, a collision needs ~10^9
// codes, and a guess hits one of a million live codes once in ~10^12 tries (rate-limited).
export const couponCode = () => randomCode(12).replace(/(.{4})(?=.)/g, '$1-');

/** A code as typed (any case, spaces or dashes anywhere) in the stored form, e.g. `ABCD-EFGH-JKMN`. */
export const normalizeCode = (typed: string) =>
  typed
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/(.{4})(?=.)/g, '$1-');

/** `available` past its expiry reads as expired, whether or not the member-state step has run. */
export const statusAt = (c: CouponRow, now: Date): CouponStatus =>
  c.status === 'available' && c.expires_at !== null && c.expires_at.getTime() <= now.getTime() ? 'expired' : c.status;

const money = (program: ProgramRow, amount: number | null) =>
  amount === null ? null : { amount, currency: program.currency };

export const couponView = (program: ProgramRow, c: CouponRow, customerId: string, now: Date): Coupon => ({
  code: c.code,
  kind: c.kind,
  status: statusAt(c, now),
  customerId,
  reward: c.reward_id === null ? null : { id: c.reward_id, name: c.reward_name },
  value: money(program, c.value_amount),
  points: c.points,
  expiresAt: c.expires_at?.toISOString() ?? null,
  usedAt: c.used_at?.toISOString() ?? null,
  orderId: c.order_id,
  createdAt: c.created_at.toISOString(),
});

/** The member's view of a coupon (the wallet, a redemption's answer). */
export const walletView = (program: ProgramRow, c: CouponRow, now: Date): Redemption => ({
  id: c.id,
  rewardId: c.reward_id ?? NO_REWARD,
  rewardName: c.reward_name,
  points: c.points,
  code: c.code,
  createdAt: c.created_at.toISOString(),
  kind: c.kind,
  status: statusAt(c, now),
  value: money(program, c.value_amount),
  expiresAt: c.expires_at?.toISOString() ?? null,
  usedAt: c.used_at?.toISOString() ?? null,
});

/** The coupon event's data: the checkout's view and the member. */
const eventData = (program: ProgramRow, c: CouponRow, customerId: string, at: Date) => ({
  coupon: couponView(program, c, customerId, at),
});

export async function announceCoupon(
  tx: Sql,
  program: ProgramRow,
  type: 'coupon.used' | 'coupon.expired',
  c: CouponRow,
  at: Date,
) {
  const [m] = await tx.query<{ customer_id: string }>('SELECT customer_id FROM members WHERE id = $1', [c.member_id]);
  await emit(tx, program.id, type, eventData(program, c, m!.customer_id, at), at);
}

/**
 * Gives back `points` of a points discount's hold as a `discount` credit, in the caller's
 * transaction (the caller holds the member lock). The credit keeps the held points' age: its
 * lot counts from the oldest held point and expires when the soonest of them would have, so a
 * hold never lengthens a point's life. Not lifetime earnings: they were earned once already.
 */
export async function returnHeld(
  tx: Sql,
  program: ProgramRow,
  c: CouponRow,
  points: number,
  description: string,
  at: Date,
) {
  if (points <= 0) return 0;
  await tx.query('UPDATE redemptions SET points_returned = points_returned + $2 WHERE id = $1', [c.id, points]);
  await postLocked(
    tx,
    {
      programId: program.id,
      memberId: c.member_id,
      type: 'discount',
      points,
      description,
      redemptionId: c.id,
      at,
      earnedAt: c.held_earned_at ?? at,
      expiresAt: c.held_expires_at,
      earned: false,
    },
    program.points_expire_months,
  );
  return 1;
}

/**
 * The member-state step for coupons: every available code of the member whose expiry has
 * passed by `at` becomes expired (coupon.expired), and a points discount's held points come
 * back, exactly once (the status moves from available under the member lock, and only then
 * are points returned). Returns the ledger entries written.
 */
export async function expireCoupons(tx: Sql, program: ProgramRow, memberId: string, at: Date) {
  const expired = await tx.query<CouponRow>(
    `UPDATE redemptions SET status = 'expired'
     WHERE member_id = $1 AND status = 'available' AND expires_at <= $2 RETURNING *`,
    [memberId, at],
  );
  expired.sort((a, b) => a.expires_at!.getTime() - b.expires_at!.getTime() || a.seq - b.seq);
  let entries = 0;
  for (const c of expired) {
    if (c.kind === 'points_discount') {
      const back = c.points - c.points_returned;
      entries += await returnHeld(
        tx,
        program,
        c,
        back,
        `Points discount ${c.code} expired unused: points back`,
        c.expires_at!,
      );
    }
    await announceCoupon(tx, program, 'coupon.expired', c, c.expires_at!);
  }
  return entries;
}

/** Points the member's unused points-discount codes hold (not in the balance). */
export async function heldPoints(db: Sql, memberId: string) {
  const [row] = await db.query<{ held: number }>(
    `SELECT coalesce(sum(points - points_returned), 0)::bigint AS held FROM redemptions
     WHERE member_id = $1 AND kind = 'points_discount' AND status = 'available'`,
    [memberId],
  );
  return Number(row!.held);
}
