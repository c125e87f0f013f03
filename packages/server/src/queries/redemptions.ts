import type { RedemptionList } from '@member-center/contract';
import type { Sql } from '../db/sql.js';
import { page } from '../kernel/paging.js';
import { type RedemptionRow, redemptionView } from '../rules/rewards.js';

export async function listRedemptions(
  db: Sql,
  memberId: string,
  limit: number,
  before?: number,
): Promise<RedemptionList> {
  const rows = await db.query<RedemptionRow>(
    `SELECT * FROM redemptions WHERE member_id = $1 AND ($2::bigint IS NULL OR seq < $2) ORDER BY seq DESC LIMIT $3`,
    [memberId, before ?? null, limit + 1],
  );
  return page(rows, limit, (r) => r.seq, redemptionView);
}
