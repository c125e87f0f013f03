import type { Sql } from '../db/sql.js';

/** Coupons of one reward (null: points discounts) in a date range, for `GET /v1/stats`. */
export interface CouponStatsRow {
  /** null for points discounts, which have no reward. */
  rewardId: string | null;
  rewardName: string;
  /** Codes issued in the range (redeemed, given by the merchant, or points as cash). */
  issued: number;
  /** Codes used at checkout in the range. */
  used: number;
  /** Codes whose expiry fell in the range unused (by `now`, whether or not the member-state step has run). */
  expired: number;
  /** Codes the merchant voided in the range. */
  void: number;
}

/**
 * Coupons issued, used, expired and voided per reward for program `programId`, each counted by
 * the moment it happened falling in [`from`, `to`): one pass over the program's codes that
 * touched the range (its created_at index). A code used on an order and released again counts
 * as not used. Rewards with nothing in the range are left out; the biggest issuers first.
 */
export async function couponStats(db: Sql, programId: string, from: Date, to: Date, now: Date) {
  const rows = await db.query<{
    reward_id: string | null;
    reward_name: string;
    issued: number;
    used: number;
    expired: number;
    void: number;
  }>(
    `SELECT r.reward_id, coalesce(w.name, min(r.reward_name)) AS reward_name,
       count(*) FILTER (WHERE r.created_at >= $2 AND r.created_at < $3)::int AS issued,
       count(*) FILTER (WHERE r.status = 'used' AND r.used_at >= $2 AND r.used_at < $3)::int AS used,
       count(*) FILTER (WHERE r.status IN ('available', 'expired') AND r.expires_at >= $2 AND r.expires_at < $3
         AND r.expires_at <= $4)::int AS expired,
       count(*) FILTER (WHERE r.status = 'void' AND r.voided_at >= $2 AND r.voided_at < $3)::int AS void
     FROM redemptions r LEFT JOIN rewards w ON w.id = r.reward_id
     WHERE r.program_id = $1 AND r.created_at < $3
       AND (r.created_at >= $2 OR r.used_at >= $2 OR r.expires_at >= $2 OR r.voided_at >= $2)
     GROUP BY r.reward_id, w.name
     HAVING count(*) FILTER (WHERE r.created_at >= $2 AND r.created_at < $3
       OR r.status = 'used' AND r.used_at >= $2 AND r.used_at < $3
       OR r.status IN ('available', 'expired') AND r.expires_at >= $2 AND r.expires_at < $3 AND r.expires_at <= $4
       OR r.status = 'void' AND r.voided_at >= $2 AND r.voided_at < $3) > 0
     ORDER BY issued DESC, reward_name`,
    [programId, from, to, now],
  );
  return rows.map(
    (r): CouponStatsRow => ({
      rewardId: r.reward_id,
      rewardName: r.reward_id === null ? 'Points discount' : r.reward_name,
      issued: r.issued,
      used: r.used,
      expired: r.expired,
      void: r.void,
    }),
  );
}
