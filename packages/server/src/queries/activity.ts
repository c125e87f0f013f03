import type { ActivityEntry, ActivityList, ActivityType } from '@member-center/contract';
import type { Sql } from '../db/sql.js';
import { page } from '../kernel/paging.js';

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
