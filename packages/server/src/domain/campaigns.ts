import type {
  ActiveCampaign,
  Campaign,
  CampaignList,
  CreateCampaignBody,
  UpdateCampaignBody,
} from '@member-center/contract';
import type { Sql } from '../db/database.js';
import { invalidRequest, notFound } from '../http/errors.js';
import { page } from './paging.js';
import type { TierRow } from './programs.js';

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

const campaignView = (c: CampaignRow): Campaign => ({
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

function assertEndsAfterStart(startsAt: Date, endsAt: Date) {
  if (endsAt <= startsAt) {
    throw invalidRequest('A campaign must end after it starts.', {
      issues: [{ path: 'body.endsAt', message: 'must be after startsAt', code: 'custom' }],
    });
  }
}

export async function createCampaign(db: Sql, programId: string, b: CreateCampaignBody) {
  const [startsAt, endsAt] = [new Date(b.startsAt), new Date(b.endsAt)];
  assertEndsAfterStart(startsAt, endsAt);
  if (b.tierId) {
    const [tier] = await db.query('SELECT 1 FROM tiers WHERE program_id = $1 AND id = $2', [programId, b.tierId]);
    if (!tier) throw notFound(`No tier ${b.tierId} in this program.`);
  }
  const [row] = await db.query<CampaignRow>(
    `INSERT INTO campaigns (program_id, name, multiplier_percent, starts_at, ends_at, tier_id, first_order_only)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
    [programId, b.name, Math.round(b.multiplier * 100), startsAt, endsAt, b.tierId ?? null, b.firstOrderOnly ?? false],
  );
  return campaignView(row!);
}

export async function updateCampaign(db: Sql, programId: string, id: string, b: UpdateCampaignBody) {
  const [existing] = await db.query<CampaignRow>('SELECT * FROM campaigns WHERE program_id = $1 AND id = $2', [
    programId,
    id,
  ]);
  if (!existing) throw notFound(`No campaign ${id} in this program.`);
  const endsAt = b.endsAt === undefined ? existing.ends_at : new Date(b.endsAt);
  assertEndsAfterStart(existing.starts_at, endsAt);
  const [row] = await db.query<CampaignRow>(
    'UPDATE campaigns SET name = $3, ends_at = $4 WHERE program_id = $1 AND id = $2 RETURNING *',
    [programId, id, b.name ?? existing.name, endsAt],
  );
  return campaignView(row!);
}

export async function listCampaigns(db: Sql, programId: string, limit: number, before?: number): Promise<CampaignList> {
  const rows = await db.query<CampaignRow>(
    `SELECT * FROM campaigns WHERE program_id = $1 AND ($2::bigint IS NULL OR seq < $2) ORDER BY seq DESC LIMIT $3`,
    [programId, before ?? null, limit + 1],
  );
  return page(rows, limit, (r) => r.seq, campaignView);
}

const activeAt = (db: Sql, programId: string, at: Date) =>
  db.query<CampaignRow>(
    `SELECT * FROM campaigns WHERE program_id = $1 AND starts_at <= $2 AND ends_at > $2 ORDER BY ends_at, seq`,
    [programId, at],
  );

/** The campaigns running at `at`, as `GET /v1/program` lists them. */
export const activeCampaigns = async (db: Sql, programId: string, at: Date) =>
  (await activeAt(db, programId, at)).map(activeView);

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
