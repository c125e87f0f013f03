import type { RedemptionList } from '@member-center/contract';
import type { Sql } from '../db/sql.js';
import { page } from '../kernel/paging.js';
import type { ProgramRow } from '../kernel/programs.js';
import { type CouponRow, walletView } from '../rules/coupons.js';

/** The member's coupons wallet, newest first, each with its status at `now`. */
export async function listRedemptions(
  db: Sql,
  program: ProgramRow,
  memberId: string,
  now: Date,
  limit: number,
  before?: number,
): Promise<RedemptionList> {
  const rows = await db.query<CouponRow>(
    `SELECT * FROM redemptions WHERE member_id = $1 AND ($2::bigint IS NULL OR seq < $2) ORDER BY seq DESC LIMIT $3`,
    [memberId, before ?? null, limit + 1],
  );
  return page(
    rows,
    limit,
    (r) => r.seq,
    (r) => walletView(program, r, now),
  );
}
