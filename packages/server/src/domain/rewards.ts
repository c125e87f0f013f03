import type { CreateRewardBody, IneligibleReason, Reward, RewardList, UpdateRewardBody } from '@member-center/contract';
import type { Sql } from '../db/database.js';
import { businessRule, notFound } from '../http/errors.js';
import { lockAndSettle } from './ledger.js';
import type { MemberRow } from './members.js';
import { page } from './paging.js';
import { type ProgramRow, type TierRow, tiersOf } from './programs.js';
import { heldTier, heldTierOf } from './tiers.js';

export interface RewardRow {
  id: string;
  seq: number;
  program_id: string;
  name: string;
  description: string | null;
  image_url: string | null;
  cost: number;
  stock: number | null;
  per_member_limit: number | null;
  tier_id: string | null;
  active: boolean;
}

export const rewardView = (r: RewardRow): Reward => ({
  id: r.id,
  name: r.name,
  description: r.description,
  imageUrl: r.image_url,
  cost: r.cost,
  stock: r.stock,
  perMemberLimit: r.per_member_limit,
  tierId: r.tier_id,
  active: r.active,
});

export const findReward = async (db: Sql, programId: string, id: string) =>
  (await db.query<RewardRow>('SELECT * FROM rewards WHERE program_id = $1 AND id = $2', [programId, id]))[0];

async function checkTier(db: Sql, programId: string, tierId: string | null | undefined) {
  if (!tierId) return;
  const [tier] = await db.query('SELECT 1 FROM tiers WHERE program_id = $1 AND id = $2', [programId, tierId]);
  if (!tier) throw notFound(`No tier ${tierId} in this program.`);
}

export async function createReward(db: Sql, programId: string, b: CreateRewardBody) {
  await checkTier(db, programId, b.tierId);
  const [row] = await db.query<RewardRow>(
    `INSERT INTO rewards (program_id, name, description, image_url, cost, stock, per_member_limit, tier_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *`,
    [
      programId,
      b.name,
      b.description ?? null,
      b.imageUrl ?? null,
      b.cost,
      b.stock ?? null,
      b.perMemberLimit ?? null,
      b.tierId ?? null,
    ],
  );
  return rewardView(row!);
}

const COLUMNS: Record<keyof UpdateRewardBody, string> = {
  name: 'name',
  description: 'description',
  imageUrl: 'image_url',
  cost: 'cost',
  stock: 'stock',
  perMemberLimit: 'per_member_limit',
  tierId: 'tier_id',
  active: 'active',
};

export async function updateReward(db: Sql, programId: string, id: string, b: UpdateRewardBody) {
  await checkTier(db, programId, b.tierId);
  const fields = (Object.keys(COLUMNS) as (keyof UpdateRewardBody)[]).filter((k) => b[k] !== undefined);
  const [row] = await db.query<RewardRow>(
    `UPDATE rewards SET ${fields.map((k, i) => `${COLUMNS[k]} = $${i + 3}`).join(', ') || 'id = id'}
     WHERE program_id = $1 AND id = $2 RETURNING *`,
    [programId, id, ...fields.map((k) => b[k])],
  );
  if (!row) throw notFound(`No reward ${id} in this program.`);
  return rewardView(row);
}

/** What a member would need to redeem a reward now, for the catalog and the redemption alike. */
export interface Eligibility {
  balance: number;
  tierThreshold: number;
  tiers: TierRow[];
  /** Redemptions so far per reward id (only rewards with a per-member limit). */
  redeemed: Map<string, number>;
}

export function ineligibility(r: RewardRow, e: Eligibility): { reason: IneligibleReason; message: string } | null {
  if (r.tier_id) {
    const tier = e.tiers.find((t) => t.id === r.tier_id);
    if (tier && tier.threshold > e.tierThreshold)
      return { reason: 'tier_locked', message: `Only ${tier.name} members and above can redeem this.` };
  }
  if (r.stock === 0) return { reason: 'out_of_stock', message: 'This reward is out of stock.' };
  if (r.per_member_limit !== null && (e.redeemed.get(r.id) ?? 0) >= r.per_member_limit) {
    return { reason: 'limit_reached', message: `This reward can be redeemed ${r.per_member_limit} times per member.` };
  }
  if (e.balance < r.cost) {
    return { reason: 'insufficient_points', message: `This needs ${r.cost - e.balance} more points.` };
  }
  return null;
}

export async function eligibilityOf(db: Sql, program: ProgramRow, member: MemberRow): Promise<Eligibility> {
  // One after another: `db` may be a transaction's single connection.
  const tiers = await tiersOf(db, program.id);
  const counts = await db.query<{ reward_id: string; n: number }>(
    `SELECT reward_id, count(*)::int AS n FROM redemptions d JOIN rewards r ON r.id = d.reward_id
     WHERE d.member_id = $1 AND r.per_member_limit IS NOT NULL GROUP BY reward_id`,
    [member.id],
  );
  return {
    balance: member.balance,
    tierThreshold: heldTier(tiers, member.tier_id)?.threshold ?? 0,
    tiers,
    redeemed: new Map(counts.map((c) => [c.reward_id, c.n])),
  };
}

/** The active rewards of the bazaar, oldest first; with a member, each says if it is redeemable now. */
export async function listRewards(
  db: Sql,
  program: ProgramRow,
  member: MemberRow | null,
  limit: number,
  after?: number,
): Promise<RewardList> {
  const [rows, eligibility] = await Promise.all([
    db.query<RewardRow>(
      `SELECT * FROM rewards WHERE program_id = $1 AND active AND ($2::bigint IS NULL OR seq > $2) ORDER BY seq LIMIT $3`,
      [program.id, after ?? null, limit + 1],
    ),
    member ? eligibilityOf(db, program, member) : null,
  ]);
  return page(
    rows,
    limit,
    (r) => r.seq,
    (r) => {
      const view = rewardView(r);
      if (!eligibility) return view;
      const no = ineligibility(r, eligibility);
      return {
        ...view,
        redeemable: !no,
        ...(no && { reason: no.reason }),
        ...(no?.reason === 'insufficient_points' && { pointsNeeded: r.cost - eligibility.balance }),
      };
    },
  );
}

/**
 * Refuses a tier-locked reward to a member below its tier, in the caller's transaction: the
 * member is locked and settled to `at` first, so a tier whose period has just ended is not used.
 */
export async function assertTierAllows(tx: Sql, program: ProgramRow, memberId: string, reward: RewardRow, at: Date) {
  await lockAndSettle(tx, program.id, memberId, at);
  const { tiers, tier } = await heldTierOf(tx, program.id, memberId);
  const required = tiers.find((t) => t.id === reward.tier_id);
  if (!required) return;
  if ((tier?.threshold ?? 0) < required.threshold) {
    throw businessRule('tier_locked', `Only ${required.name} members and above can redeem this.`);
  }
}
