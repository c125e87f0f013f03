import type { CreateCampaignBody, UpdateCampaignBody } from '@member-center/contract';
import type { Sql } from '../db/sql.js';
import { invalidRequest, notFound } from '../kernel/errors.js';
import { type CampaignRow, campaignView } from '../rules/campaigns.js';

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
    const [tier] = await db.query('SELECT 1 FROM tiers WHERE program_id = $1 AND id = $2 AND removed_at IS NULL', [
      programId,
      b.tierId,
    ]);
    if (!tier) throw notFound(`No tier ${b.tierId} in this program.`);
  }
  const [row] = await db.query<CampaignRow>(
    `INSERT INTO campaigns (program_id, name, multiplier_percent, starts_at, ends_at, tier_id, first_order_only, holdout_percent)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *`,
    [
      programId,
      b.name,
      Math.round(b.multiplier * 100),
      startsAt,
      endsAt,
      b.tierId ?? null,
      b.firstOrderOnly ?? false,
      Math.round((b.holdoutShare ?? 0) * 100),
    ],
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
    // Members the campaign has seen keep their recorded group; the new share draws the others.
    'UPDATE campaigns SET name = $3, ends_at = $4, holdout_percent = $5 WHERE program_id = $1 AND id = $2 RETURNING *',
    [
      programId,
      id,
      b.name ?? existing.name,
      endsAt,
      b.holdoutShare === undefined ? existing.holdout_percent : Math.round(b.holdoutShare * 100),
    ],
  );
  return campaignView(row!);
}
