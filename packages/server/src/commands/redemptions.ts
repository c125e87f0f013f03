import { randomUUID } from 'node:crypto';
import type { RedeemResponse } from '@member-center/contract';
import type { Database, Sql } from '../db/sql.js';
import { businessRule, notFound } from '../kernel/errors.js';
import { idempotent } from '../kernel/idempotency.js';
import { heldTier, type ProgramRow, tiersOf } from '../kernel/programs.js';
import { postLocked } from '../ledger/ledger.js';
import { MEMBER_COLUMNS, type MemberRow } from '../ledger/members.js';
import { advanceIfDue } from '../member-state/advance.js';
import { type CouponRow, couponCode, walletView } from '../rules/coupons.js';
import { couponExpiry, type RewardRow, rewardValue } from '../rules/rewards.js';
import { outboxInsert } from '../webhooks/outbox.js';

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
async function assertTierAllows(tx: Sql, program: ProgramRow, member: MemberRow, reward: RewardRow) {
  const tiers = await tiersOf(tx, program.id);
  const tier = heldTier(tiers, member.tier_id);
  const required = tiers.find((t) => t.id === reward.tier_id);
  if (!required) return;
  if ((tier?.threshold ?? 0) < required.threshold) {
    throw businessRule('tier_locked', `Only ${required.name} members and above can redeem this.`);
  }
}

/**
 * Locks the member and reads the reward in one statement; the reward is null when the
 * program has no such reward.
 */
async function lockWithReward(tx: Sql, programId: string, memberId: string, rewardId: string) {
  const [row] = await tx.query<MemberRow & { reward: RewardRow | null }>(
    `SELECT ${MEMBER_COLUMNS}, (SELECT to_json(r) FROM rewards r WHERE r.program_id = $1 AND r.id = $3) AS reward
     FROM members WHERE id = $2 FOR UPDATE`,
    [programId, memberId, rewardId],
  );
  if (!row) throw new Error(`No member ${memberId}`);
  const { reward, ...member } = row;
  return { member: member as MemberRow, reward };
}

// The code's expiry is member-state work (coupon.expired): next_due_at moves down to it.
const INSERT_REDEMPTION = `WITH redemption AS (
    INSERT INTO redemptions (id, program_id, member_id, reward_id, reward_name, points, code, created_at, value_amount,
      expires_at)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $10, $11)
  ), lowered AS (
    UPDATE members SET next_due_at = least(next_due_at, $11::timestamptz) WHERE id = $3 AND $11::timestamptz IS NOT NULL
  )
  ${outboxInsert('$2::uuid', "'redemption.created'", '$9::json', '$8::timestamptz')}`;

/**
 * Spends a member's points on a reward, in the caller's transaction, refusing in the order the
 * catalog explains it (tier, stock, limit, balance). The member is locked first, with the
 * reward read in the same statement, so the per-member limit and the balance are checked
 * under the lock; the member-state step runs only when the locked row says something is due;
 * stock falls only through a conditional UPDATE. A plain reward (no tier, no limit, no stock)
 * holds the lock over three statements: lock, debit, coupon (+ its event).
 */
async function redeem(tx: Sql, program: ProgramRow, member: MemberRow, rewardId: string, at: Date) {
  const locked = await lockWithReward(tx, program.id, member.id, rewardId);
  const { reward } = locked;
  if (!reward) throw notFound(`No reward ${rewardId} in this program.`);
  if (!reward.active) throw businessRule('reward_inactive', 'This reward is no longer offered.');
  const current = await advanceIfDue(tx, program, locked.member, at);
  if (reward.tier_id) await assertTierAllows(tx, program, current, reward);
  if (reward.stock === 0) throw businessRule('out_of_stock', 'This reward is out of stock.');
  await assertUnderLimit(tx, member.id, reward);

  const id = randomUUID();
  const balance = await postLocked(
    tx,
    {
      programId: program.id,
      memberId: member.id,
      type: 'redemption',
      points: -reward.cost,
      description: reward.name,
      redemptionId: id,
      at,
    },
    program.points_expire_months,
  );
  if (reward.stock !== null) {
    const taken = await tx.query('UPDATE rewards SET stock = stock - 1 WHERE id = $1 AND stock > 0 RETURNING stock', [
      reward.id,
    ]);
    if (taken.length === 0) throw businessRule('out_of_stock', 'This reward is out of stock.');
  }
  const code = couponCode();
  const expiresAt = couponExpiry(reward, at);
  const coupon: CouponRow = {
    ...NEW_COUPON,
    id,
    program_id: program.id,
    member_id: member.id,
    reward_id: reward.id,
    reward_name: reward.name,
    points: reward.cost,
    code,
    created_at: at,
    value_amount: rewardValue(reward),
    expires_at: expiresAt,
  };
  const redemption = walletView(program, coupon, at);
  const body: RedeemResponse = { redemption, points: { balance } };
  await tx.query(INSERT_REDEMPTION, [
    id,
    program.id,
    member.id,
    reward.id,
    reward.name,
    reward.cost,
    code,
    at,
    JSON.stringify({ customerId: member.customer_id, ...body }),
    coupon.value_amount,
    expiresAt,
  ]);
  return { status: 201, body };
}

/** The columns of a new code that every kind shares. */
const NEW_COUPON = {
  seq: 0,
  kind: 'reward',
  status: 'available',
  used_at: null,
  voided_at: null,
  order_id: null,
  batch_key: null,
  held_earned_at: null,
  held_expires_at: null,
  points_returned: 0,
} as const;

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
