import { randomUUID } from 'node:crypto';
import type { RedeemResponse, Redemption, RedemptionList } from '@member-center/contract';
import type { Database, Sql } from '../db/database.js';
import { businessRule, notFound } from '../http/errors.js';
import { idempotent } from './idempotency.js';
import { post } from './ledger.js';
import { type MemberRow, randomCode } from './members.js';
import { page } from './paging.js';
import type { ProgramRow } from './programs.js';
import { assertTierAllows, findReward, type RewardRow } from './rewards.js';
import { emit } from './webhooks.js';

interface RedemptionRow {
  id: string;
  seq: number;
  reward_id: string;
  reward_name: string;
  points: number;
  code: string;
  created_at: Date;
}

const redemptionView = (r: RedemptionRow): Redemption => ({
  id: r.id,
  rewardId: r.reward_id,
  rewardName: r.reward_name,
  points: r.points,
  code: r.code,
  createdAt: r.created_at.toISOString(),
});

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
  const balance = await post(tx, {
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

export async function listRedemptions(
  db: Sql,
  memberId: string,
  limit: number,
  before?: number,
): Promise<RedemptionList> {
  const rows = await db.query<RedemptionRow>(
    `SELECT * FROM redemptions WHERE member_id = $1 AND ($2::bigint IS NULL OR seq < $2) ORDER BY seq DESC LIMIT $3`,
    [memberId, before ?? null, limit + 1],
  );
  return page(rows, limit, (r) => r.seq, redemptionView);
}
