import type { OrderBody, OrderResponse } from '@member-center/contract';
import type { Database, Sql } from '../db/sql.js';
import { businessRule } from '../kernel/errors.js';
import { idempotent } from '../kernel/idempotency.js';
import { minorDigits } from '../kernel/money.js';
import { heldTier, type ProgramRow, tiersOf } from '../kernel/programs.js';
import { ensureMember } from '../ledger/members.js';
import { lockAndAdvance, post } from '../member-state/advance.js';
import { bestCampaign } from '../rules/campaigns.js';
import { holdOrderPoints } from '../rules/pending.js';
import { orderReachesReferral } from '../rules/referrals.js';
import { countOrder } from '../rules/segments.js';
import { reviewTier } from '../rules/tiers.js';

/**
 * Points for an order total: the whole currency units of the total (¥129.99 is 129 units; a
 * fraction of a unit never earns), times `points_per_unit`, times the member's tier multiplier,
 * times the campaign's, rounded down once at the end:
 * `floor(floor(amount / minorPerUnit) × pointsPerUnit × tier% × campaign% / 10,000)`.
 * ¥129.99 at 1.25× earns floor(129 × 1.25) = 161; ¥0.99 under 3× earns 0. Integer arithmetic:
 * no float ever touches money.
 */
export function orderPoints(
  amountMinor: number,
  currency: string,
  pointsPerUnit: number,
  multiplierPercent: number,
  campaignPercent = 100,
) {
  const units = BigInt(amountMinor) / 10n ** BigInt(minorDigits(currency));
  return Number((units * BigInt(pointsPerUnit) * BigInt(multiplierPercent) * BigInt(campaignPercent)) / 10_000n);
}

async function recordOrder(tx: Sql, program: ProgramRow, customerId: string, order: OrderBody, at: Date) {
  const member = await ensureMember(tx, program.id, customerId);
  // Locked before "is this the first order?" is asked, so two first orders cannot both be first.
  // The tier held when the order is placed sets its multiplier: what is due (a tier period that
  // ended, released points) is settled first; the order itself can only lift the next one.
  const { member: settled } = await lockAndAdvance(tx, program, member.id, at);
  const tiers = await tiersOf(tx, program.id);
  const tier = heldTier(tiers, settled.tier_id);
  const [earlier] = await tx.query('SELECT 1 FROM orders WHERE member_id = $1 LIMIT 1', [member.id]);
  const campaign = await bestCampaign(tx, program.id, at, { id: member.id, tier, tiers, firstOrder: !earlier });
  const points = orderPoints(
    order.total.amount,
    program.currency,
    program.points_per_unit,
    tier?.multiplier_percent ?? 100,
    campaign?.multiplier_percent ?? 100,
  );
  await tx.query(
    `INSERT INTO orders (program_id, order_id, member_id, amount, currency, points_awarded, campaign_id, created_at, label)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [
      program.id,
      order.orderId,
      member.id,
      order.total.amount,
      order.total.currency,
      points,
      campaign?.id ?? null,
      at,
      order.label ?? null,
    ],
  );
  await countOrder(tx, member.id, order.total.amount, at);
  // A referee's order may decide their referral (and reward both sides): due from now.
  await orderReachesReferral(tx, member.id, at);
  const applied = campaign && {
    campaign: { id: campaign.id, name: campaign.name, multiplier: campaign.multiplier_percent / 100 },
  };
  if (points > 0 && program.return_window_days > 0) {
    // Held for the return window: not spendable, not in the ledger until released.
    const availableAt = await holdOrderPoints(tx, program, member.id, order.orderId, points, at);
    await reviewTier(tx, member.id, at);
    const body: OrderResponse = {
      pointsAwarded: points,
      ...applied,
      pendingUntil: availableAt.toISOString(),
      points: { balance: settled.balance },
    };
    return { status: 201, body };
  }
  const balance =
    points > 0
      ? await post(tx, program, {
          programId: program.id,
          memberId: member.id,
          type: 'order',
          points,
          qualifying: true,
          orderId: order.orderId,
          description: `Order ${order.label ?? order.orderId}`,
          at,
        })
      : settled.balance;
  // Spend counts at once, points once posted: either may reach a higher tier now.
  await reviewTier(tx, member.id, at);
  const body: OrderResponse = { pointsAwarded: points, ...applied, points: { balance } };
  return { status: 201, body };
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
