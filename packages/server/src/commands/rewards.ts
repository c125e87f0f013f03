import type { CreateRewardBody, UpdateRewardBody } from '@member-center/contract';
import type { Sql } from '../db/sql.js';
import { businessRule, invalidRequest, notFound } from '../kernel/errors.js';
import type { ProgramRow } from '../kernel/programs.js';
import { type RewardRow, rewardView } from '../rules/rewards.js';

async function checkTier(db: Sql, programId: string, tierId: string | null | undefined) {
  if (!tierId) return;
  const [tier] = await db.query('SELECT 1 FROM tiers WHERE program_id = $1 AND id = $2 AND removed_at IS NULL', [
    programId,
    tierId,
  ]);
  if (!tier) throw notFound(`No tier ${tierId} in this program.`);
}

/** A coupon's money off is in the program's currency, and only a coupon says what it takes off. */
function checkTerms(program: ProgramRow, kind: string, value: { currency: string } | null, percentOff: number | null) {
  const issue = (path: string, message: string) =>
    invalidRequest(`body.${path}: ${message}`, { issues: [{ path: `body.${path}`, message, code: 'custom' }] });
  if (value && value.currency !== program.currency) throw issue('value.currency', `must be ${program.currency}`);
  if ((value || percentOff !== null) && kind !== 'coupon')
    throw issue('kind', 'value and percentOff go with kind coupon');
  if (value && percentOff !== null) throw issue('percentOff', 'a coupon has a value or a percentOff, not both');
}

export async function createReward(db: Sql, program: ProgramRow, b: CreateRewardBody) {
  await checkTier(db, program.id, b.tierId);
  const kind = b.kind ?? 'custom';
  checkTerms(program, kind, b.value ?? null, b.percentOff ?? null);
  const [row] = await db.query<RewardRow>(
    `INSERT INTO rewards (program_id, name, description, image_url, cost, stock, per_member_limit, tier_id,
       kind, value_minor, percent_off, translations, valid_days)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING *`,
    [
      program.id,
      b.name,
      b.description ?? null,
      b.imageUrl ?? null,
      b.cost,
      b.stock ?? null,
      b.perMemberLimit ?? null,
      b.tierId ?? null,
      kind,
      b.value?.amount ?? null,
      b.percentOff ?? null,
      JSON.stringify(b.translations ?? {}),
      b.validDays ?? null,
    ],
  );
  return rewardView(row!, program.currency);
}

const COLUMNS: Record<Exclude<keyof UpdateRewardBody, 'value'>, string> = {
  name: 'name',
  description: 'description',
  imageUrl: 'image_url',
  cost: 'cost',
  stock: 'stock',
  perMemberLimit: 'per_member_limit',
  tierId: 'tier_id',
  active: 'active',
  kind: 'kind',
  percentOff: 'percent_off',
  translations: 'translations',
  validDays: 'valid_days',
};

async function lockReward(db: Sql, programId: string, id: string) {
  const [row] = await db.query<RewardRow>('SELECT * FROM rewards WHERE program_id = $1 AND id = $2 FOR UPDATE', [
    programId,
    id,
  ]);
  if (!row) throw notFound(`No reward ${id} in this program.`);
  return row;
}

/** Changes a reward (in the caller's transaction); an archived one is refused. */
export async function updateReward(db: Sql, program: ProgramRow, id: string, b: UpdateRewardBody) {
  await checkTier(db, program.id, b.tierId);
  const current = await lockReward(db, program.id, id);
  if (current.archived_at) throw businessRule('reward_inactive', 'This reward is archived; it cannot be changed.');
  const value = b.value !== undefined ? b.value : current.value_minor === null ? null : { currency: program.currency };
  checkTerms(
    program,
    b.kind ?? current.kind,
    value ?? null,
    b.percentOff !== undefined ? b.percentOff : current.percent_off,
  );
  const fields = (Object.keys(COLUMNS) as (keyof typeof COLUMNS)[]).filter((k) => b[k] !== undefined);
  const sets = [
    ...fields.map((k) => [COLUMNS[k], k === 'translations' ? JSON.stringify(b[k]) : b[k]] as const),
    ...(b.value !== undefined ? [['value_minor', b.value?.amount ?? null] as const] : []),
  ];
  const [row] = await db.query<RewardRow>(
    `UPDATE rewards SET ${sets.map(([column], i) => `${column} = $${i + 3}`).join(', ') || 'id = id'}
     WHERE program_id = $1 AND id = $2 RETURNING *`,
    [program.id, id, ...sets.map(([, v]) => v)],
  );
  return rewardView(row!, program.currency);
}

/**
 * Archives a reward for good: out of the bazaar, not redeemable (a redemption answers 422
 * `reward_inactive`), still listed to the merchant. Coupons already issued stay valid. Archiving
 * an archived reward changes nothing and answers the same.
 */
export async function archiveReward(db: Sql, program: ProgramRow, id: string, at: Date) {
  const [row] = await db.query<RewardRow>(
    `UPDATE rewards SET active = false, archived_at = coalesce(archived_at, $3)
     WHERE program_id = $1 AND id = $2 RETURNING *`,
    [program.id, id, at],
  );
  if (!row) throw notFound(`No reward ${id} in this program.`);
  return rewardView(row, program.currency);
}
