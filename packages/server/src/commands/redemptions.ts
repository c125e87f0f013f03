import { randomUUID } from 'node:crypto';
import type { RedeemResponse } from '@member-center/contract';
import type { Database, Sql } from '../db/sql.js';
import { businessRule, notFound } from '../kernel/errors.js';
import { idempotent } from '../kernel/idempotency.js';
import { heldTier, type ProgramRow, tiersOf } from '../kernel/programs.js';
import { type MemberRow, randomCode } from '../ledger/members.js';
import { lockAndAdvance, post } from '../member-state/advance.js';
import { findReward, type RedemptionRow, type RewardRow, redemptionView } from '../rules/rewards.js';
import { emit } from '../webhooks/outbox.js';

/** The refusal when the member has used up a reward's per-member limit. */
async function assertUnderLimit(tx: Sql, memberId: string, reward: RewardRow) {
  if (reward.per_member_limit === null) return;
  const [row] = await tx.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM redemptions WHERE member_id = $1 AND reward_id = $2',
    [memberId, reward.id],
  );
  if (row!.n >= reward.per_member_limit) {
    throw businessRule('limit_reached', `This reward can be redeemed ${reward.per_member_limit} times per member.`);
  }
}

/**
 * Refuses a tier-locked reward to a member below its tier, in the caller's transaction: the
 * member is locked and settled to `at` first, so a tier whose period has just ended is not used.
 */
export async function assertTierAllows(tx: Sql, program: ProgramRow, memberId: string, reward: RewardRow, at: Date) {
  const { member } = await lockAndAdvance(tx, program, memberId, at);
  const tiers = await tiersOf(tx, program.id);
  const tier = heldTier(tiers, member.tier_id);
  const required = tiers.find((t) => t.id === reward.tier_id);
  if (!required) return;
  if ((tier?.threshold ?? 0) < required.threshold) {
    throw businessRule('tier_locked', `Only ${required.name} members and above can redeem this.`);
  }
}

/**
 * Spends a member's points on a reward, in the caller's transaction, refusing in the order the
 * catalog explains it (tier, stock, limit, balance). Under races the checks that count come
 * after the ledger posting, which locks the member row (balance, per-member limit); stock
 * falls only through a conditional UPDATE. A plain reward (no tier, no limit) costs one read
 * before the writes.
 */
async function redeem(tx: Sql, program: ProgramRow, member: MemberRow, rewardId: string, at: Date) {
  const reward = await findReward(tx, program.id, rewardId);
  if (!reward) throw notFound(`No reward ${rewardId} in this program.`);
  if (!reward.active) throw businessRule('reward_inactive', 'This reward is no longer offered.');
  if (reward.tier_id) await assertTierAllows(tx, program, member.id, reward, at);
  if (reward.stock === 0) throw businessRule('out_of_stock', 'This reward is out of stock.');
  await assertUnderLimit(tx, member.id, reward);

  const id = randomUUID();
  const balance = await post(tx, program, {
    programId: program.id,
    memberId: member.id,
    type: 'redemption',
    points: -reward.cost,
    description: reward.name,
    redemptionId: id,
    at,
  });
  await assertUnderLimit(tx, member.id, reward);
  if (reward.stock !== null) {
    const taken = await tx.query('UPDATE rewards SET stock = stock - 1 WHERE id = $1 AND stock > 0 RETURNING stock', [
      reward.id,
    ]);
    if (taken.length === 0) throw businessRule('out_of_stock', 'This reward is out of stock.');
  }
  const [row] = await tx.query<RedemptionRow>(
    `INSERT INTO redemptions (id, program_id, member_id, reward_id, reward_name, points, code, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *`,
    [id, program.id, member.id, reward.id, reward.name, reward.cost, couponCode(), at],
  );
  const body: RedeemResponse = { redemption: redemptionView(row!), points: { balance } };
  await emit(tx, program.id, 'redemption.created', { customerId: member.customer_id, ...body }, at);
  return { status: 201, body };
}

// 12 characters of 31: a collision needs ~10^17 coupons, not the ~10^5 that 8 would allow.
const couponCode = () => randomCode(12).replace(/(.{4})(?=.)/g, '$1-');

/** Redeems once per idempotency key: a retried request gets the first answer and spends nothing. */
export const redeemOnce = (
  db: Database,
  program: ProgramRow,
  member: MemberRow,
  rewardId: string,
  key: string,
  at: Date,
) =>
  idempotent(db, { programId: program.id, scope: `member:${member.id}`, key, request: { rewardId } }, (tx) =>
    redeem(tx, program, member, rewardId, at),
  );
