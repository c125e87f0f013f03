import type { ActivityEntry, ActivityList, ActivityType } from '@member-center/contract';
import type { Sql } from '../db/database.js';
import { businessRule } from '../http/errors.js';
import { page } from './paging.js';

export interface Posting {
  programId: string;
  memberId: string;
  type: ActivityType;
  /** Signed: credits are positive, debits negative. */
  points: number;
  description: string;
  /** Counts toward tier qualification. */
  qualifying?: boolean;
  orderId?: string;
  redemptionId?: string;
}

/**
 * Appends one ledger entry and moves the materialised balance with it, in the caller's
 * transaction. A debit the balance cannot cover fails with `insufficient_points` and
 * changes nothing: the conditional UPDATE locks the member row, so racing debits queue
 * behind it and each sees the balance the previous one left.
 */
export async function post(tx: Sql, p: Posting) {
  const [member] = await tx.query<{ balance: number }>(
    `UPDATE members SET balance = balance + $2, lifetime_earned = lifetime_earned + greatest($2, 0)
     WHERE id = $1 AND balance + $2 >= 0 RETURNING balance`,
    [p.memberId, p.points],
  );
  if (!member) {
    const [row] = await tx.query<{ balance: number }>('SELECT balance FROM members WHERE id = $1', [p.memberId]);
    throw businessRule('insufficient_points', `This needs ${-p.points} points; the balance is ${row?.balance ?? 0}.`, {
      balance: row?.balance ?? 0,
      pointsNeeded: -p.points - (row?.balance ?? 0),
    });
  }
  await tx.query(
    `INSERT INTO ledger_entries (program_id, member_id, type, points, balance_after, qualifying, description, order_id, redemption_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [
      p.programId,
      p.memberId,
      p.type,
      p.points,
      member.balance,
      p.qualifying ?? false,
      p.description,
      p.orderId ?? null,
      p.redemptionId ?? null,
    ],
  );
  return member.balance;
}

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
