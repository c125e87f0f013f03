import type { CreateRewardBody, UpdateRewardBody } from '@member-center/contract';
import type { Sql } from '../db/sql.js';
import { notFound } from '../kernel/errors.js';
import { type RewardRow, rewardView } from '../rules/rewards.js';

async function checkTier(db: Sql, programId: string, tierId: string | null | undefined) {
  if (!tierId) return;
  const [tier] = await db.query('SELECT 1 FROM tiers WHERE program_id = $1 AND id = $2', [programId, tierId]);
  if (!tier) throw notFound(`No tier ${tierId} in this program.`);
}

export async function createReward(db: Sql, programId: string, b: CreateRewardBody) {
  await checkTier(db, programId, b.tierId);
  const [row] = await db.query<RewardRow>(
    `INSERT INTO rewards (program_id, name, description, image_url, cost, stock, per_member_limit, tier_id, valid_days)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *`,
    [
      programId,
      b.name,
      b.description ?? null,
      b.imageUrl ?? null,
      b.cost,
      b.stock ?? null,
      b.perMemberLimit ?? null,
      b.tierId ?? null,
      b.validDays ?? null,
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
  validDays: 'valid_days',
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
