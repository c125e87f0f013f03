import type { SegmentRules, UpdateProgramBody } from '@member-center/contract';
import type { Sql } from '../db/sql.js';
import { invalidRequest } from '../kernel/errors.js';
import type { ProgramRow } from '../kernel/programs.js';

// Segmentation reads per-member aggregates (order_count, net_spend, first/last order) that the
// order and refund transactions keep current, so nothing here scans orders. Stages depend on
// time and RFM scores on the whole population, so both are computed when asked for, from the
// aggregates and the app's clock, rather than stored and left to go stale.

const boundColumns = (
  now: string,
  d: { churned: string; atRisk: string; new: string; loyal: string; orders: string },
) =>
  `${now} - make_interval(days => ${d.churned}) AS churned_by,
      ${now} - make_interval(days => ${d.atRisk}) AS at_risk_by,
      ${now} - make_interval(days => ${d.new}) AS new_after,
      ${now} - make_interval(days => ${d.loyal}) AS loyal_after,
      ${d.orders} AS loyal_orders`;

/**
 * The program's stage boundaries at `now` as one row `b` (moments, and the loyal order count),
 * so the per-member CASE below only compares columns.
 */
export const bounds = (programId: string, now: string) => `b AS MATERIALIZED (
    SELECT ${boundColumns(now, {
      churned: 'segment_churned_days',
      atRisk: 'segment_at_risk_days',
      new: 'segment_new_days',
      loyal: 'segment_loyal_days',
      orders: 'segment_loyal_orders',
    })}
    FROM programs WHERE id = ${programId})`;

/**
 * bounds() from thresholds given as the five parameters `$first` … `$first+4`, in
 * boundParams()'s order (a program row already read: no read of programs).
 */
export const boundsGiven = (now: string, first: number) => {
  const [churned, atRisk, fresh, loyal, orders] = [0, 1, 2, 3, 4].map((i) => `$${first + i}::int`) as [
    string,
    string,
    string,
    string,
    string,
  ];
  return `b AS (SELECT ${boundColumns(now, { churned, atRisk, new: fresh, loyal, orders })})`;
};

export const boundParams = (program: SegmentColumns) => [
  program.segment_churned_days,
  program.segment_at_risk_days,
  program.segment_new_days,
  program.segment_loyal_days,
  program.segment_loyal_orders,
];

/**
 * The stage of member `m` under boundaries `b`, first match wins: potential (no order),
 * churned, at_risk, new (first order younger than newDays), loyal (≥ loyalMinOrders orders,
 * the last younger than loyalWithinDays), else active.
 */
export const STAGE = `CASE
    WHEN m.order_count = 0 THEN 'potential'
    WHEN m.last_order_at <= b.churned_by THEN 'churned'
    WHEN m.last_order_at <= b.at_risk_by THEN 'at_risk'
    WHEN m.first_order_at > b.new_after THEN 'new'
    WHEN m.order_count >= b.loyal_orders AND m.last_order_at > b.loyal_after THEN 'loyal'
    ELSE 'active'
  END`;

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

/** The program's segment thresholds (columns of programs, read with the program row). */
type SegmentColumns = Pick<
  ProgramRow,
  'segment_new_days' | 'segment_loyal_orders' | 'segment_loyal_days' | 'segment_at_risk_days' | 'segment_churned_days'
>;

const rulesView = (r: SegmentColumns): SegmentRules => ({
  newDays: r.segment_new_days,
  loyalMinOrders: r.segment_loyal_orders,
  loyalWithinDays: r.segment_loyal_days,
  atRiskDays: r.segment_at_risk_days,
  churnedDays: r.segment_churned_days,
});

const RULE_COLUMNS =
  'segment_new_days, segment_loyal_orders, segment_loyal_days, segment_at_risk_days, segment_churned_days';

export async function segmentRules(db: Sql, programId: string) {
  const [row] = await db.query<SegmentColumns>(`SELECT ${RULE_COLUMNS} FROM programs WHERE id = $1`, [programId]);
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
