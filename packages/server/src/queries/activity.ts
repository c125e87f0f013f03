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
  order_label: string | null;
  redemption_id: string | null;
  created_at: Date;
}

export async function activity(db: Sql, memberId: string, limit: number, cursor?: number): Promise<ActivityList> {
  const rows = await db.query<EntryRow>(
    `SELECT e.id, e.type, e.points, e.balance_after, e.description, e.order_id, o.label AS order_label, e.redemption_id,
       e.created_at
     FROM ledger_entries e LEFT JOIN orders o ON o.program_id = e.program_id AND o.order_id = e.order_id
     WHERE e.member_id = $1 AND ($2::bigint IS NULL OR e.id < $2)
     ORDER BY e.id DESC LIMIT $3`,
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
  orderLabel: r.order_label,
  redemptionId: r.redemption_id,
  createdAt: r.created_at.toISOString(),
});
