import type { ActiveCampaign, Campaign } from '@member-center/contract';
import type { Sql } from '../db/sql.js';
import type { TierRow } from '../kernel/programs.js';

export interface CampaignRow {
  id: string;
  seq: number;
  name: string;
  multiplier_percent: number;
  starts_at: Date;
  ends_at: Date;
  tier_id: string | null;
  first_order_only: boolean;
  created_at: Date;
}

export const campaignView = (c: CampaignRow): Campaign => ({
  id: c.id,
  name: c.name,
  multiplier: c.multiplier_percent / 100,
  startsAt: c.starts_at.toISOString(),
  endsAt: c.ends_at.toISOString(),
  tierId: c.tier_id,
  firstOrderOnly: c.first_order_only,
  createdAt: c.created_at.toISOString(),
});

const activeView = (c: CampaignRow): ActiveCampaign => ({
  name: c.name,
  multiplier: c.multiplier_percent / 100,
  endsAt: c.ends_at.toISOString(),
  tierId: c.tier_id,
  firstOrderOnly: c.first_order_only,
});

const activeAt = (db: Sql, programId: string, at: Date) =>
  db.query<CampaignRow>(
    `SELECT * FROM campaigns WHERE program_id = $1 AND starts_at <= $2 AND ends_at > $2 ORDER BY ends_at, seq`,
    [programId, at],
  );

/** The campaigns running at `at`, as `GET /v1/program` lists them. */
export const activeCampaigns = async (db: Sql, programId: string, at: Date) =>
  (await activeAt(db, programId, at)).map(activeView);

/** Every campaign of the program (what the program cache keeps). */
export const allCampaigns = (db: Sql, programId: string) =>
  db.query<CampaignRow>('SELECT * FROM campaigns WHERE program_id = $1 ORDER BY ends_at, seq', [programId]);

/** The campaigns running at `at` among `campaigns` (ordered by end, then seq), as activeCampaigns() gives them. */
export const runningAt = (campaigns: CampaignRow[], at: Date) =>
  campaigns.filter((c) => c.starts_at.getTime() <= at.getTime() && c.ends_at.getTime() > at.getTime()).map(activeView);

/**
 * The campaign that applies to an order at `at`: of those running that the member qualifies
 * for (their tier reaches the campaign's tier; a first-order campaign only on the first
 * order), the one with the highest multiplier. Campaigns never stack with each other; the
 * chosen one multiplies with the tier multiplier.
 */
export async function bestCampaign(
  db: Sql,
  programId: string,
  at: Date,
  member: { tier: TierRow | null; tiers: TierRow[]; firstOrder: boolean },
) {
  const reached = member.tier?.threshold ?? -1;
  const eligible = (await activeAt(db, programId, at)).filter(
    (c) =>
      (!c.first_order_only || member.firstOrder) &&
      (c.tier_id === null || (member.tiers.find((t) => t.id === c.tier_id)?.threshold ?? Infinity) <= reached),
  );
  return eligible.reduce<CampaignRow | null>(
    (best, c) => (best === null || c.multiplier_percent > best.multiplier_percent ? c : best),
    null,
  );
}
