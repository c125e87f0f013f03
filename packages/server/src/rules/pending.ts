import type { Sql } from '../db/sql.js';
import type { ProgramRow } from '../kernel/programs.js';
import { postLocked } from '../ledger/ledger.js';

/**
 * Holds an order's points for the program's return window: not spendable, not in the ledger
 * until released. Its release is work that falls due, so next_due_at moves down to it.
 */
export async function holdOrderPoints(
  tx: Sql,
  program: ProgramRow,
  memberId: string,
  orderId: string,
  points: number,
  at: Date,
) {
  const [hold] = await tx.query<{ available_at: Date }>(
    `WITH hold AS (
       INSERT INTO pending_points (program_id, member_id, order_id, points, available_at)
       VALUES ($1, $2, $3, $4, $5::timestamptz + make_interval(days => $6)) RETURNING available_at
     ), lowered AS (
       UPDATE members SET next_due_at = least(next_due_at, (SELECT available_at FROM hold)) WHERE id = $2
     )
     SELECT available_at FROM hold`,
    [program.id, memberId, orderId, points, at, program.return_window_days],
  );
  return hold!.available_at;
}

/**
 * Releases the member's held order points whose return window has passed by `at`, oldest
 * first, each as an `order` credit whose lot ages from the end of its window. The caller holds
 * the member lock. Returns the entries written.
 */
export async function releaseDue(tx: Sql, program: ProgramRow, memberId: string, at: Date) {
  const released = await tx.query<{
    id: number;
    order_id: string;
    label: string | null;
    points: number;
    available_at: Date;
  }>(
    `UPDATE pending_points p SET released_at = $2 FROM orders o
     WHERE p.member_id = $1 AND p.released_at IS NULL AND p.available_at <= $2
       AND o.program_id = p.program_id AND o.order_id = p.order_id
     RETURNING p.id, p.order_id, o.label, p.points, p.available_at`,
    [memberId, at],
  );
  released.sort((a, b) => a.available_at.getTime() - b.available_at.getTime() || a.id - b.id);
  for (const hold of released) {
    await postLocked(
      tx,
      {
        programId: program.id,
        memberId,
        type: 'order',
        points: hold.points,
        qualifying: true,
        orderId: hold.order_id,
        description: `Order ${hold.label ?? hold.order_id}`,
        at,
        // Its age counts from the end of the return window, whenever this runs.
        earnedAt: hold.available_at,
      },
      program.points_expire_months,
    );
  }
  return released.length;
}
