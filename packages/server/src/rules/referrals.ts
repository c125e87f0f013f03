import type { ReferralAttribution, ReferralReason, ReferralStatus, UpdateProgramBody } from '@member-center/contract';
import type { Sql } from '../db/sql.js';
import type { ProgramRow } from '../kernel/programs.js';
import { DAY_MS } from '../kernel/time.js';
import { emit } from '../webhooks/outbox.js';

export interface AttributionRow {
  id: string;
  seq: number;
  code: string;
  referrer_customer_id: string;
  referee_customer_id: string;
  status: ReferralStatus;
  reason: ReferralReason | null;
  order_id: string | null;
  referrer_points: number;
  referee_points: number;
  created_at: Date;
  settled_at: Date | null;
}

export const SELECT_ATTRIBUTION = `SELECT r.id, r.seq, r.code, rm.customer_id AS referrer_customer_id,
    em.customer_id AS referee_customer_id, r.status, r.reason, r.order_id, r.referrer_points, r.referee_points,
    r.created_at, r.settled_at
  FROM referrals r JOIN members rm ON rm.id = r.referrer_id JOIN members em ON em.id = r.referee_id`;

export const attributionView = (r: AttributionRow): ReferralAttribution => ({
  id: r.id,
  code: r.code,
  referrer: { customerId: r.referrer_customer_id },
  referee: { customerId: r.referee_customer_id },
  status: r.status,
  reason: r.reason,
  orderId: r.order_id,
  rewards: { referrerPoints: r.referrer_points, refereePoints: r.referee_points },
  createdAt: r.created_at.toISOString(),
  settledAt: r.settled_at ? r.settled_at.toISOString() : null,
});

export const attributionById = async (tx: Sql, id: string) =>
  (await tx.query<AttributionRow>(`${SELECT_ATTRIBUTION} WHERE r.id = $1`, [id]))[0]!;

interface FirstOrder {
  order_id: string;
  amount: number;
  created_at: Date;
  available_at: Date | null;
  released_at: Date | null;
}

const disqualify = (tx: Sql, id: string, reason: ReferralReason, orderId: string, at: Date) =>
  tx.query(
    `UPDATE referrals SET status = 'disqualified', reason = $2, order_id = $3, settled_at = $4
     WHERE id = $1 AND status = 'pending'`,
    [id, reason, orderId, at],
  );

/** What a referral that has come due gives, and to whom; the member-state step posts it. */
export interface ReferralReward {
  attributionId: string;
  code: string;
  orderId: string;
  referrerId: string;
  referrerPoints: number;
  refereePoints: number;
  /** When it became due: both rewards age from here, like the order's released points. */
  due: Date;
}

/**
 * The referee side of a referral, in the caller's transaction (the caller holds the referee's
 * lock): once the referee's first order is complete (its return window over, not refunded
 * before then, at least the minimum), the attribution is marked rewarded and the reward is
 * returned for posting; an order that cannot qualify disqualifies it. Null: nothing to give.
 */
export async function refereeReward(tx: Sql, program: ProgramRow, refereeId: string, at: Date) {
  const [attribution] = await tx.query<{ id: string; status: ReferralStatus; referrer_id: string; code: string }>(
    `SELECT id, status, referrer_id, code FROM referrals WHERE referee_id = $1 AND status <> 'blocked'`,
    [refereeId],
  );
  if (attribution?.status !== 'pending') return null;
  const [first] = await tx.query<FirstOrder>(
    `SELECT o.order_id, o.amount, o.created_at, p.available_at, p.released_at
     FROM orders o LEFT JOIN pending_points p ON p.program_id = o.program_id AND p.order_id = o.order_id
     WHERE o.member_id = $1 ORDER BY o.created_at, o.order_id LIMIT 1`,
    [refereeId],
  );
  if (!first) return null;
  if (first.amount < program.referral_min_order) {
    await disqualify(tx, attribution.id, 'first_order_below_minimum', first.order_id, at);
    return null;
  }
  if (first.available_at && !first.released_at) return null; // still in its return window
  // Without a hold (no window, or no points to hold) the window is counted from the order.
  const due = first.available_at ?? new Date(first.created_at.getTime() + program.return_window_days * DAY_MS);
  if (at < due) return null;
  const [refunded] = await tx.query(
    'SELECT 1 FROM refunds WHERE program_id = $1 AND order_id = $2 AND created_at < $3 LIMIT 1',
    [program.id, first.order_id, due],
  );
  if (refunded) {
    await disqualify(tx, attribution.id, 'first_order_refunded', first.order_id, at);
    return null;
  }
  const { referrer_points: referrerPoints, referee_points: refereePoints } = program;
  await tx.query(
    `UPDATE referrals SET status = 'rewarded', order_id = $2, referrer_points = $3, referee_points = $4, settled_at = $5
     WHERE id = $1`,
    [attribution.id, first.order_id, referrerPoints, refereePoints, at],
  );
  const reward: ReferralReward = {
    attributionId: attribution.id,
    code: attribution.code,
    orderId: first.order_id,
    referrerId: attribution.referrer_id,
    referrerPoints,
    refereePoints,
    due,
  };
  return reward;
}

/** The referral.rewarded event, once both rewards are posted. */
export const announceReward = async (tx: Sql, programId: string, reward: ReferralReward, at: Date) =>
  emit(
    tx,
    programId,
    'referral.rewarded',
    { referral: attributionView(await attributionById(tx, reward.attributionId)) },
    at,
  );

/**
 * A refund of a referee's first order while its points are still pending: that order will
 * never qualify, so the attribution is disqualified now rather than at the end of the window.
 */
export async function firstOrderRefunded(tx: Sql, refereeId: string, orderId: string, at: Date) {
  await tx.query(
    `UPDATE referrals SET status = 'disqualified', reason = 'first_order_refunded', order_id = $2, settled_at = $3
     WHERE referee_id = $1 AND status = 'pending'
       AND $2 = (SELECT order_id FROM orders WHERE member_id = $1 ORDER BY created_at, order_id LIMIT 1)`,
    [refereeId, orderId, at],
  );
}

/**
 * An order of a referee with a pending attribution: the referral may now be decided (or come
 * due), on both sides, so both members' next_due_at move down to `at` (the step computes the
 * exact moment). The referee is locked already; the referrer after it, as everywhere.
 */
export const orderReachesReferral = (tx: Sql, refereeId: string, at: Date) =>
  tx.query(
    `UPDATE members m SET next_due_at = least(m.next_due_at, $2)
     FROM referrals r WHERE r.referee_id = $1 AND r.status = 'pending' AND m.id IN (r.referee_id, r.referrer_id)`,
    [refereeId, at],
  );

/**
 * `PATCH /v1/program {referral}`: the referral rules the merchant sent; the others stay. Runs
 * before the program's main update, which returns the row with these changes in it.
 */
export async function updateReferralRules(db: Sql, programId: string, rules: UpdateProgramBody['referral']) {
  if (!rules) return;
  await db.query(
    `UPDATE programs SET referrer_points = coalesce($2::integer, referrer_points),
       referee_points = coalesce($3::integer, referee_points),
       referral_min_order = coalesce($4::bigint, referral_min_order),
       referral_weekly_limit = CASE WHEN $5 THEN $6::integer ELSE referral_weekly_limit END,
       referral_ip_limit = CASE WHEN $7 THEN $8::integer ELSE referral_ip_limit END,
       referral_ip_window_minutes = coalesce($9::integer, referral_ip_window_minutes)
     WHERE id = $1`,
    [
      programId,
      rules.referrerPoints ?? null,
      rules.refereePoints ?? null,
      rules.minOrderAmount ?? null,
      rules.weeklyLimit !== undefined,
      rules.weeklyLimit ?? null,
      rules.ipLimit !== undefined,
      rules.ipLimit ?? null,
      rules.ipWindowMinutes ?? null,
    ],
  );
}
