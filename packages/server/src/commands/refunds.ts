import type { RefundBody, RefundResponse } from '@member-center/contract';
import type { Database, Sql } from '../db/sql.js';
import { businessRule, notFound } from '../kernel/errors.js';
import { idempotent } from '../kernel/idempotency.js';
import { type ProgramRow, shownBalance } from '../kernel/programs.js';
import { findMember } from '../ledger/members.js';
import { clawBack, lockAndAdvance } from '../member-state/advance.js';
import { firstOrderRefunded } from '../rules/referrals.js';
import { countRefund } from '../rules/segments.js';
import { refundDiscounts } from './coupons.js';

interface OrderRow {
  member_id: string;
  amount: number;
  points_awarded: number;
  refunded_amount: number;
  points_clawed_back: number;
}

/**
 * The points all refunds of an order take back once `refunded` of its `amount` is refunded:
 * the same share of its points, rounded down. Each refund takes the growth of this figure, so
 * the refunds of an order never take more than it earned, and a full refund takes exactly
 * what is left.
 */
export const clawbackTotal = (pointsAwarded: number, refunded: number, amount: number) =>
  Number((BigInt(pointsAwarded) * BigInt(refunded)) / BigInt(amount));

async function recordRefund(
  tx: Sql,
  program: ProgramRow,
  customerId: string,
  orderId: string,
  refund: RefundBody,
  at: Date,
) {
  const member = await findMember(tx, program.id, customerId);
  // Locked: two refunds of one order at once are counted one after the other.
  const [order] = member
    ? await tx.query<OrderRow>(
        `SELECT member_id, amount, points_awarded, refunded_amount, points_clawed_back FROM orders
         WHERE program_id = $1 AND order_id = $2 AND member_id = $3 FOR UPDATE`,
        [program.id, orderId, member.id],
      )
    : [];
  if (!member || !order) throw notFound(`No order ${orderId} of member ${customerId} in this program.`);
  const refunded = order.refunded_amount + refund.amount.amount;
  if (refunded > order.amount) {
    const refundable = order.amount - order.refunded_amount;
    throw businessRule(
      'refund_exceeds_order',
      `Refunds of order ${orderId} would exceed its total; ${refundable} minor units are left to refund.`,
      { refundable: { amount: refundable, currency: program.currency } },
    );
  }
  const points = clawbackTotal(order.points_awarded, refunded, order.amount) - order.points_clawed_back;
  await tx.query(
    `UPDATE orders SET refunded_amount = $3, points_clawed_back = points_clawed_back + $4
     WHERE program_id = $1 AND order_id = $2`,
    [program.id, orderId, refunded, points],
  );
  await countRefund(tx, member.id, refund.amount.amount, refunded === order.amount);

  // Release what is due first, so a hold whose window has passed is treated as posted.
  await lockAndAdvance(tx, program, member.id, at);
  // The points of a points discount used on the order come back in the refunded share, before
  // the order's own points are taken back (which may then take from them).
  await refundDiscounts(tx, program, member.id, orderId, refunded, order.amount, at);
  const [hold] = await tx.query<{ id: number; points: number }>(
    'SELECT id, points FROM pending_points WHERE program_id = $1 AND order_id = $2 AND released_at IS NULL',
    [program.id, orderId],
  );
  let counted: Date | null = null;
  let after: { balance: number; debt: number };
  if (hold) {
    // Still in the return window: the hold shrinks (or goes); nothing was spendable yet.
    if (points >= hold.points) await tx.query('DELETE FROM pending_points WHERE id = $1', [hold.id]);
    else if (points > 0)
      await tx.query('UPDATE pending_points SET points = points - $2 WHERE id = $1', [hold.id, points]);
    // A referee's first order refunded before release earns no referral reward.
    await firstOrderRefunded(tx, member.id, orderId, at);
    const [m] = await tx.query<{ balance: number; debt: number }>('SELECT balance, debt FROM members WHERE id = $1', [
      member.id,
    ]);
    after = m!;
  } else {
    const [entry] = await tx.query<{ created_at: Date }>(
      `SELECT created_at FROM ledger_entries WHERE member_id = $1 AND order_id = $2 AND type = 'order' AND qualifying
       ORDER BY id LIMIT 1`,
      [member.id, orderId],
    );
    counted = entry?.created_at ?? null;
    after =
      points > 0
        ? await clawBack(
            tx,
            program,
            {
              programId: program.id,
              memberId: member.id,
              type: 'refund',
              description: `Refund ${refund.refundId} of order ${orderId}`,
              orderId,
              at,
            },
            points,
          )
        : (
            await tx.query<{ balance: number; debt: number }>('SELECT balance, debt FROM members WHERE id = $1', [
              member.id,
            ])
          )[0]!;
  }
  await tx.query(
    `INSERT INTO refunds (program_id, refund_id, order_id, member_id, amount, points, counted_at, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [program.id, refund.refundId, orderId, member.id, refund.amount.amount, points, counted, at],
  );
  const body: RefundResponse = {
    pointsClawedBack: points,
    points: { balance: shownBalance(program, after.balance, after.debt) },
    debt: after.debt,
  };
  return { status: 201, body };
}

/** Records a refund once: the refundId is its idempotency key, so a retry gets the first answer. */
export function refundOrder(
  db: Database,
  program: ProgramRow,
  customerId: string,
  orderId: string,
  refund: RefundBody,
  at: Date,
) {
  if (refund.amount.currency !== program.currency) {
    throw businessRule(
      'currency_mismatch',
      `This program counts in ${program.currency}, not ${refund.amount.currency}.`,
    );
  }
  return idempotent(
    db,
    { programId: program.id, scope: 'refund', key: refund.refundId, request: { customerId, orderId, ...refund } },
    (tx) => recordRefund(tx, program, customerId, orderId, refund, at),
  );
}
