import { createHash } from 'node:crypto';
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
  /** Percent of members held out of the bonus (migration 19). */
  holdout_percent: number;
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
  holdoutShare: c.holdout_percent / 100,
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
 * A member's draw for a campaign, uniform in [0, 1): the first 32 bits of
 * md5(campaign id + ':' + member id) over 2^32, the same as SQL's campaign_draw() (migration 19).
 * Held out when the draw is below the share: each member independently, so a share of s holds
 * out s of the members give or take sampling noise, and the same member always draws the same.
 */
export const campaignDraw = (campaignId: string, memberId: string) =>
  createHash('md5').update(`${campaignId}:${memberId}`).digest().readUInt32BE(0) / 2 ** 32;

/**
 * The member's group in each campaign of `campaigns`: the one recorded when the campaign first
 * saw them, else drawn now at the campaign's current share and recorded (in the caller's
 * transaction, which holds the member lock), so a later change of the share moves no one
 * already seen. Returns the ids of the campaigns holding the member out.
 */
async function heldOutOf(db: Sql, memberId: string, campaigns: CampaignRow[], at: Date) {
  if (campaigns.length === 0) return new Set<string>();
  const drawn = campaigns.map((c) => ({ id: c.id, out: campaignDraw(c.id, memberId) < c.holdout_percent / 100 }));
  await db.query(
    `INSERT INTO campaign_members (campaign_id, member_id, held_out, assigned_at)
     SELECT c, $1, o, $4 FROM unnest($2::uuid[], $3::boolean[]) AS d(c, o) ON CONFLICT DO NOTHING`,
    [memberId, drawn.map((d) => d.id), drawn.map((d) => d.out), at],
  );
  const rows = await db.query<{ campaign_id: string }>(
    'SELECT campaign_id FROM campaign_members WHERE member_id = $1 AND campaign_id = ANY ($2::uuid[]) AND held_out',
    [memberId, drawn.map((d) => d.id)],
  );
  return new Set(rows.map((r) => r.campaign_id));
}

/**
 * The campaign that applies to an order at `at`: of those running that the member qualifies
 * for (their tier reaches the campaign's tier; a first-order campaign only on the first
 * order) and that do not hold them out, the one with the highest multiplier. Campaigns never
 * stack with each other; the chosen one multiplies with the tier multiplier. Every campaign
 * the member qualifies for records their group (heldOutOf()), held out or not.
 */
export async function bestCampaign(
  db: Sql,
  programId: string,
  at: Date,
  member: { id: string; tier: TierRow | null; tiers: TierRow[]; firstOrder: boolean },
) {
  const reached = member.tier?.threshold ?? -1;
  const eligible = (await activeAt(db, programId, at)).filter(
    (c) =>
      (!c.first_order_only || member.firstOrder) &&
      (c.tier_id === null || (member.tiers.find((t) => t.id === c.tier_id)?.threshold ?? Infinity) <= reached),
  );
  const heldOut = await heldOutOf(db, member.id, eligible, at);
  return eligible
    .filter((c) => !heldOut.has(c.id))
    .reduce<CampaignRow | null>(
      (best, c) => (best === null || c.multiplier_percent > best.multiplier_percent ? c : best),
      null,
    );
}
