import type { Sql } from '../db/sql.js';

/**
 * Sets the member's next_due_at exactly: the earliest of their tier period's end, their open
 * lots' expiry, their held points' release, and the moment a pending referral of theirs (either
 * side) comes due, and their available coupons' expiry. member_due_at() is defined in migration 12,
 * next to the column's backfill (coupons joined it in migration 15).
 */
export const refreshDueAt = (tx: Sql, memberId: string) =>
  tx.query('UPDATE members SET next_due_at = member_due_at(id) WHERE id = $1', [memberId]);
