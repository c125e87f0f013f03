import type { AdjustmentBody, OrderBody, OrderResponse } from '@member-center/contract';
import type { Database, Sql } from '../db/database.js';
import { businessRule } from '../http/errors.js';
import { bestCampaign } from './campaigns.js';
import { idempotent } from './idempotency.js';
import { lockAndSettle, post } from './ledger.js';
import { ensureMember } from './members.js';
import { minorDigits, type ProgramRow } from './programs.js';
import { countOrder } from './segments.js';
import { heldTierOf, reviewTier } from './tiers.js';

/**
 * Points for an order total: `points_per_unit` per whole currency unit, times the member's
 * tier multiplier, times the campaign's, rounded down once at the end. Integer arithmetic:
 * no float ever touches money.
 */
export function orderPoints(
  amountMinor: number,
  currency: string,
  pointsPerUnit: number,
  multiplierPercent: number,
  campaignPercent = 100,
) {
  const minorPerUnit = 10n ** BigInt(minorDigits(currency));
  return Number(
    (BigInt(amountMinor) * BigInt(pointsPerUnit) * BigInt(multiplierPercent) * BigInt(campaignPercent)) /
      (10_000n * minorPerUnit),
  );
}

async function recordOrder(tx: Sql, program: ProgramRow, customerId: string, order: OrderBody, at: Date) {
  const member = await ensureMember(tx, program.id, customerId);
  // Locked before "is this the first order?" is asked, so two first orders cannot both be first.
  // The tier held when the order is placed sets its multiplier: what is due (a tier period that
  // ended, released points) is settled first; the order itself can only lift the next one.
  await lockAndSettle(tx, program.id, member.id, at);
  const { tiers, tier } = await heldTierOf(tx, program.id, member.id);
  const [settled] = await tx.query<{ balance: number }>('SELECT balance FROM members WHERE id = $1', [member.id]);
  const [earlier] = await tx.query('SELECT 1 FROM orders WHERE member_id = $1 LIMIT 1', [member.id]);
  const campaign = await bestCampaign(tx, program.id, at, { tier, tiers, firstOrder: !earlier });
  const points = orderPoints(
    order.total.amount,
    program.currency,
    program.points_per_unit,
    tier?.multiplier_percent ?? 100,
    campaign?.multiplier_percent ?? 100,
  );
  await tx.query(
    `INSERT INTO orders (program_id, order_id, member_id, amount, currency, points_awarded, campaign_id, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [program.id, order.orderId, member.id, order.total.amount, order.total.currency, points, campaign?.id ?? null, at],
  );
  await countOrder(tx, member.id, order.total.amount, at);
  const applied = campaign && {
    campaign: { id: campaign.id, name: campaign.name, multiplier: campaign.multiplier_percent / 100 },
  };
  if (points > 0 && program.return_window_days > 0) {
    // Held for the return window: not spendable, not in the ledger until released.
    const [hold] = await tx.query<{ available_at: Date }>(
      `INSERT INTO pending_points (program_id, member_id, order_id, points, available_at)
       VALUES ($1, $2, $3, $4, $5::timestamptz + make_interval(days => $6)) RETURNING available_at`,
      [program.id, member.id, order.orderId, points, at, program.return_window_days],
    );
    await reviewTier(tx, member.id, at);
    const body: OrderResponse = {
      pointsAwarded: points,
      ...applied,
      pendingUntil: hold!.available_at.toISOString(),
      points: { balance: settled!.balance },
    };
    return { status: 201, body };
  }
  const balance =
    points > 0
      ? await post(tx, {
          programId: program.id,
          memberId: member.id,
          type: 'order',
          points,
          qualifying: true,
          orderId: order.orderId,
          description: `Order ${order.orderId}`,
          at,
        })
      : settled!.balance;
  // Spend counts at once, points once posted: either may reach a higher tier now.
  await reviewTier(tx, member.id, at);
  const body: OrderResponse = { pointsAwarded: points, ...applied, points: { balance } };
  return { status: 201, body };
}

async function adjustPoints(tx: Sql, program: ProgramRow, customerId: string, adjustment: AdjustmentBody, at: Date) {
  const member = await ensureMember(tx, program.id, customerId);
  const balance = await post(tx, {
    programId: program.id,
    memberId: member.id,
    type: 'adjustment',
    points: adjustment.points,
    description: adjustment.reason,
    at,
  });
  return { status: 201, body: { points: { balance } } };
}

/** Records an order once: the orderId is its idempotency key, so a replay gets the first answer. */
export function placeOrder(db: Database, program: ProgramRow, customerId: string, order: OrderBody, at: Date) {
  // Checked before the key is taken, so a corrected retry under the same orderId goes through.
  if (order.total.currency !== program.currency) {
    throw businessRule('currency_mismatch', `This program counts in ${program.currency}, not ${order.total.currency}.`);
  }
  return idempotent(
    db,
    { programId: program.id, scope: 'order', key: order.orderId, request: { customerId, ...order } },
    (tx) => recordOrder(tx, program, customerId, order, at),
  );
}

export const adjust = (
  db: Database,
  program: ProgramRow,
  customerId: string,
  adjustment: AdjustmentBody,
  key: string,
  at: Date,
) =>
  idempotent(db, { programId: program.id, scope: 'merchant', key, request: { customerId, ...adjustment } }, (tx) =>
    adjustPoints(tx, program, customerId, adjustment, at),
  );
