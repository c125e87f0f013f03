import type { IneligibleReason, Reward } from '@member-center/contract';
import type { Sql } from '../db/sql.js';
import { heldTier, type ProgramRow, type TierRow, tiersOf } from '../kernel/programs.js';
import type { MemberRow } from '../ledger/members.js';

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
  kind: NonNullable<Reward['kind']>;
  value_minor: number | null;
  percent_off: number | null;
  translations: Record<string, { name?: string; description?: string }>;
  /** A Date from a row; an ISO string when the row was read as JSON (to_json). */
  archived_at: Date | string | null;
  /** Days its codes are valid; null: no expiry. */
  valid_days: number | null;
}

const rewardStatus = (r: RewardRow) => (r.archived_at ? 'archived' : r.active ? 'active' : 'disabled');

export const rewardView = (r: RewardRow, currency: string): Reward => ({
  id: r.id,
  name: r.name,
  description: r.description,
  imageUrl: r.image_url,
  cost: r.cost,
  stock: r.stock,
  perMemberLimit: r.per_member_limit,
  tierId: r.tier_id,
  active: r.active,
  status: rewardStatus(r),
  kind: r.kind,
  value: r.value_minor === null ? null : { amount: r.value_minor, currency },
  percentOff: r.percent_off,
  translations: r.translations,
  archivedAt: r.archived_at === null ? null : new Date(r.archived_at).toISOString(),
  validDays: r.valid_days,
});

/**
 * The money off a reward's code gives, in minor units; null: none fixed (a product, free
 * shipping, a percentage off). A code carries the value it was issued with.
 */
export const rewardValue = (r: RewardRow) => r.value_minor;

/** When a code of `r` issued at `at` expires (`days` overrides the reward's validity); null: never. */
export const couponExpiry = (r: RewardRow, at: Date, days = r.valid_days) =>
  days === null ? null : new Date(at.getTime() + days * 86_400_000);

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
