import { randomUUID } from 'node:crypto';
import type { RedeemResponse } from '@member-center/contract';
import type { Database, Sql } from '../db/sql.js';
import { businessRule, notFound } from '../kernel/errors.js';
import { type FoldedKey, idempotentFolded, Outcome } from '../kernel/idempotency.js';
import { heldTier, type ProgramRow, tiersOf } from '../kernel/programs.js';
import { debitLocked, insufficientPoints } from '../ledger/ledger.js';
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
 * Locks the member and reads the reward in one statement; the reward is null when the program
 * has no such reward. Every request under one idempotency key locks this row (the member's id is
 * in the key's scope), so twins sent at once run one after the other.
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

/**
 * The coupon and its event (only when an endpoint wants it), written by the debit's own
 * statement ($10…$14), which also claims the idempotency key with the answer ($15…$19): the
 * debit is gated on the claim, and the rest reads the debited row, so a taken key writes nothing.
 * The code's value and expiry are $20, $21; its expiry is member-state work (coupon.expired), so
 * the debit also lowers the member's next_due_at to it.
 */
const REDEMPTION_TAIL = `, redemption AS (
    INSERT INTO redemptions (id, program_id, member_id, reward_id, reward_name, points, code, created_at, value_amount,
      expires_at)
    SELECT $10, $1, $2, $11, $6, $12, $13, $9, $20, $21 FROM member RETURNING 1
  ), event AS (
    ${outboxInsert('$1::uuid', "'redemption.created'", '$14::json', '$9::timestamptz')} AND EXISTS (SELECT 1 FROM member)
    RETURNING 1
  )`;

/**
 * Spends a member's points on a reward, in the caller's transaction, refusing in the order the
 * catalog explains it (tier, stock, limit, balance). The member is locked first, with the
 * reward read in the same statement, so the per-member limit and the balance are checked under
 * the lock; the member-state step runs only when the locked row says something is due; stock
 * falls only through a conditional UPDATE. A plain reward (no tier, no limit, no stock) costs
 * two statements: lock + reward, then key + debit + lots + coupon + event; the lock is held over
 * the second and the COMMIT.
 */
async function redeem(tx: Sql, program: ProgramRow, member: MemberRow, rewardId: string, at: Date, key: FoldedKey) {
  const locked = await lockWithReward(tx, program.id, member.id, rewardId);
  const { reward } = locked;
  if (!reward) throw notFound(`No reward ${rewardId} in this program.`);
  if (!reward.active) throw businessRule('reward_inactive', 'This reward is no longer offered.');
  const current = await advanceIfDue(tx, program, locked.member, at);
  if (reward.tier_id) await assertTierAllows(tx, program, current, reward);
  if (reward.stock === 0) throw businessRule('out_of_stock', 'This reward is out of stock.');
  await assertUnderLimit(tx, member.id, reward);
  // The row is locked: its balance is the one the debit will find.
  if (current.balance < reward.cost) throw insufficientPoints(reward.cost, current.balance);
  if (reward.stock !== null) {
    const taken = await tx.query('UPDATE rewards SET stock = stock - 1 WHERE id = $1 AND stock > 0 RETURNING stock', [
      reward.id,
    ]);
    if (taken.length === 0) throw businessRule('out_of_stock', 'This reward is out of stock.');
  }

  const id = randomUUID();
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
  const body: RedeemResponse = { redemption, points: { balance: current.balance - reward.cost } };
  const event = JSON.stringify({ customerId: member.customer_id, ...body });
  const written = await debitLocked<{ claimed: number; redemptions: number }>(
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
    {
      before: `${key.claimCte(15, '201', '$19::json')}, `,
      gate: 'EXISTS (SELECT 1 FROM claim)',
      set: ', next_due_at = least(next_due_at, $21::timestamptz)',
      ctes: REDEMPTION_TAIL,
      params: [
        id,
        reward.id,
        reward.cost,
        code,
        event,
        ...key.params,
        JSON.stringify(body),
        coupon.value_amount,
        expiresAt,
      ],
      select: ', (SELECT count(*) FROM claim)::int AS claimed, (SELECT count(*) FROM redemption)::int AS redemptions',
    },
  );
  if (written.claimed === 0) key.taken(); // a twin's: what it did and answered stands, this is rolled back
  if (written.balance !== body.points.balance || written.redemptions !== 1) {
    throw new Error(`Redemption ${id} of member ${member.id} did not write what it answers`);
  }
  return new Outcome(201, body, false);
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
  idempotentFolded(
    db,
    { programId: program.id, scope: `member:${member.id}`, key, request: { rewardId } },
    (tx, folded) => redeem(tx, program, member, rewardId, at, folded),
  );
