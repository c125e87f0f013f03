import type { SegmentRules, UpdateProgramBody } from '@member-center/contract';
import type { Sql } from '../db/sql.js';
import { invalidRequest } from '../kernel/errors.js';

/** Counts a new order in the member's aggregates, in the order's transaction. */
export async function countOrder(tx: Sql, memberId: string, amount: number, at: Date) {
  await tx.query(
    `UPDATE members SET order_count = order_count + 1, net_spend = net_spend + $2,
       first_order_at = least(first_order_at, $3), last_order_at = greatest(last_order_at, $3)
     WHERE id = $1`,
    [memberId, amount, at],
  );
}

/**
 * Takes a refund off the member's aggregates, in the refund's transaction, after the order
 * row is updated. A refund that completes the order's refund takes the order out of the
 * count, and its first and last order come again from the orders still counted.
 */
export async function countRefund(tx: Sql, memberId: string, amount: number, completesOrder: boolean) {
  if (!completesOrder) {
    await tx.query('UPDATE members SET net_spend = net_spend - $2 WHERE id = $1', [memberId, amount]);
    return;
  }
  await tx.query(
    `UPDATE members SET order_count = order_count - 1, net_spend = net_spend - $2,
       first_order_at = o.first_at, last_order_at = o.last_at
     FROM (SELECT min(created_at) AS first_at, max(created_at) AS last_at FROM orders
           WHERE member_id = $1 AND (refunded_amount < amount OR amount = 0)) o
     WHERE id = $1`,
    [memberId, amount],
  );
}

interface RulesRow {
  segment_new_days: number;
  segment_loyal_orders: number;
  segment_loyal_days: number;
  segment_at_risk_days: number;
  segment_churned_days: number;
}

const rulesView = (r: RulesRow): SegmentRules => ({
  newDays: r.segment_new_days,
  loyalMinOrders: r.segment_loyal_orders,
  loyalWithinDays: r.segment_loyal_days,
  atRiskDays: r.segment_at_risk_days,
  churnedDays: r.segment_churned_days,
});

const RULE_COLUMNS =
  'segment_new_days, segment_loyal_orders, segment_loyal_days, segment_at_risk_days, segment_churned_days';

export async function segmentRules(db: Sql, programId: string) {
  const [row] = await db.query<RulesRow>(`SELECT ${RULE_COLUMNS} FROM programs WHERE id = $1`, [programId]);
  return rulesView(row!);
}

/**
 * Applies `PATCH /v1/program {segments}`: the thresholds sent replace the program's, the
 * others stay, and the result must keep the windows nested (else 400 and nothing changes).
 */
export async function updateSegmentRules(db: Sql, programId: string, changes: UpdateProgramBody['segments']) {
  if (!changes) return;
  const next = { ...(await segmentRules(db, programId)), ...changes };
  const problems = [
    next.newDays > next.atRiskDays && 'newDays must not exceed atRiskDays',
    next.loyalWithinDays > next.atRiskDays && 'loyalWithinDays must not exceed atRiskDays',
    next.atRiskDays >= next.churnedDays && 'atRiskDays must be below churnedDays',
  ].filter((p): p is string => typeof p === 'string');
  if (problems.length) {
    throw invalidRequest(`The segment thresholds do not nest: ${problems.join('; ')}.`, {
      segments: next,
      issues: problems.map((message) => ({ path: 'body.segments', message, code: 'custom' })),
    });
  }
  // The table's check constraint holds the same rule should two changes race.
  await db.query(
    `UPDATE programs SET segment_new_days = $2, segment_loyal_orders = $3, segment_loyal_days = $4,
       segment_at_risk_days = $5, segment_churned_days = $6 WHERE id = $1`,
    [programId, next.newDays, next.loyalMinOrders, next.loyalWithinDays, next.atRiskDays, next.churnedDays],
  );
}
