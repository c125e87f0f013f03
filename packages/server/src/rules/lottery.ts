import type { Lottery, LotteryPrizeKind, LotterySetting } from '@member-center/contract';
import type { Sql } from '../db/sql.js';
import { invalidRequest } from '../kernel/errors.js';

/** A prize row of the table in force (`lottery_prizes`). */
export interface PrizeRow {
  id: string;
  position: number;
  kind: LotteryPrizeKind;
  reward_id: string | null;
  points: number | null;
  weight: number;
  /** Left to give; null: no limit. */
  stock: number | null;
  label: string;
  translations: Record<string, { label?: string }>;
}

/** The lottery of a program (`lotteries`) with its prizes in table order. */
export interface LotteryRow {
  version: number;
  active: boolean;
  cost: number;
  /** Dates from a row; ISO strings when read as JSON. */
  starts_at: Date | string;
  ends_at: Date | string;
  daily_limit: number | null;
  prizes: PrizeRow[];
}

const LOTTERY_SELECT = `SELECT l.version, l.active, l.cost, l.starts_at, l.ends_at, l.daily_limit,
    coalesce((SELECT json_agg(json_build_object('id', p.id, 'position', p.position, 'kind', p.kind,
        'reward_id', p.reward_id, 'points', p.points, 'weight', p.weight, 'stock', p.stock, 'label', p.label,
        'translations', p.translations) ORDER BY p.position)
      FROM lottery_prizes p WHERE p.program_id = l.program_id), '[]'::json) AS prizes
  FROM lotteries l WHERE l.program_id = $1 AND l.active`;

/** The program's lottery as it stands (null: none); `share` takes it FOR SHARE, for a draw. */
export async function lotteryOf(db: Sql, programId: string, share = false) {
  const [row] = await db.query<LotteryRow>(`${LOTTERY_SELECT}${share ? ' FOR SHARE OF l' : ''}`, [programId]);
  return row ?? null;
}

export const inStock = (p: PrizeRow) => p.stock === null || p.stock > 0;

/**
 * How a draw picks, the one rule both the draw and the published odds follow:
 * - With a `nothing` prize in the table, the random value is drawn over the total weight of
 *   every prize, in stock or not; each prize covers its weight's stretch in table order. A
 *   value that falls on a prize out of stock gives the table's first `nothing` prize: the odds
 *   of the other prizes never change as stock runs out.
 * - Without one, the value is drawn over the weights of the prizes in stock only: an empty
 *   prize's share goes to the others in proportion to their weights.
 * A weight of 0 is never drawn. `outOf` 0: nothing left to give.
 */
export function drawPlan(prizes: PrizeRow[]) {
  const fallback = prizes.find((p) => p.kind === 'nothing') ?? null;
  const drawable = fallback ? prizes : prizes.filter(inStock);
  const outOf = drawable.reduce((sum, p) => sum + p.weight, 0);
  return { drawable, fallback, outOf };
}

/** The prize `value` (in [0, outOf)) lands on, and the one it gives (the fallback when that one is out of stock). */
export function pickPrize(prizes: PrizeRow[], value: number) {
  const { drawable, fallback, outOf } = drawPlan(prizes);
  if (!(value >= 0 && value < outOf)) throw new RangeError(`random value ${value} outside [0, ${outOf})`);
  let landed = drawable[0]!;
  for (let end = 0, i = 0; i < drawable.length; i++) {
    end += drawable[i]!.weight;
    if (value < end) {
      landed = drawable[i]!;
      break;
    }
  }
  return { landed, given: inStock(landed) ? landed : fallback! };
}

/** Each prize's chance of being given by the next draw, by drawPlan's rule. */
export function probabilities(prizes: PrizeRow[]): Map<string, number> {
  const { drawable, fallback, outOf } = drawPlan(prizes);
  const chance = new Map(prizes.map((p) => [p.id, 0]));
  if (outOf === 0) return chance;
  for (const p of drawable) {
    const to = inStock(p) ? p.id : fallback!.id;
    chance.set(to, chance.get(to)! + p.weight / outOf);
  }
  return chance;
}

export const isRunning = (lottery: Pick<LotteryRow, 'starts_at' | 'ends_at'>, at: Date) =>
  new Date(lottery.starts_at).getTime() <= at.getTime() && at.getTime() < new Date(lottery.ends_at).getTime();

/** `GET /v1/program`'s `lottery`: the table in force with its odds now. */
export function lotteryView(lottery: LotteryRow, now: Date): Lottery {
  const chance = probabilities(lottery.prizes);
  return {
    tableVersion: lottery.version,
    cost: lottery.cost,
    startsAt: new Date(lottery.starts_at).toISOString(),
    endsAt: new Date(lottery.ends_at).toISOString(),
    running: isRunning(lottery, now),
    dailyLimit: lottery.daily_limit,
    prizes: lottery.prizes.map((p) => ({
      id: p.id,
      kind: p.kind,
      label: p.label,
      translations: p.translations,
      points: p.points,
      rewardId: p.reward_id,
      weight: p.weight,
      stock: p.stock,
      probability: chance.get(p.id)!,
    })),
  };
}

/**
 * `PATCH /v1/program {lottery}` in the caller's transaction (which holds the program's lock):
 * the table is replaced and its version goes up (null: the lottery is switched off; the version
 * count goes on, so a version is never reused). A coupon prize must name a reward of the
 * program that is not archived. Returns the version in force (null: none). Run last in the
 * program's update: it takes `lotteries` from draws in flight, and then touches only its own tables.
 */
export async function setLottery(tx: Sql, programId: string, setting: LotterySetting | null, at: Date) {
  if (setting) {
    const ids = setting.prizes.flatMap((p) => (p.rewardId ? [p.rewardId] : []));
    const found = await tx.query<{ id: string }>(
      'SELECT id FROM rewards WHERE program_id = $1 AND id = ANY($2::uuid[]) AND archived_at IS NULL',
      [programId, ids],
    );
    const known = new Set(found.map((r) => r.id));
    const issues = setting.prizes.flatMap((p, i) =>
      p.rewardId && !known.has(p.rewardId)
        ? [
            {
              path: `body.lottery.prizes.${i}.rewardId`,
              message: 'no such reward in this program (or archived)',
              code: 'custom',
            },
          ]
        : [],
    );
    if (issues.length > 0) throw invalidRequest(`A coupon prize names no reward of this program.`, { issues });
  }
  const [row] = await tx.query<{ version: number }>(
    setting
      ? `INSERT INTO lotteries (program_id, version, active, cost, starts_at, ends_at, daily_limit)
         VALUES ($1, 1, true, $2, $3, $4, $5)
         ON CONFLICT (program_id) DO UPDATE SET version = lotteries.version + 1, active = true, cost = $2,
           starts_at = $3, ends_at = $4, daily_limit = $5
         RETURNING version`
      : 'UPDATE lotteries SET active = false WHERE program_id = $1 RETURNING version',
    setting ? [programId, setting.cost, setting.startsAt, setting.endsAt, setting.dailyLimit ?? null] : [programId],
  );
  await tx.query('DELETE FROM lottery_prizes WHERE program_id = $1', [programId]);
  const version = setting && row ? row.version : null;
  if (setting && row) {
    await tx.query(
      `INSERT INTO lottery_prizes (program_id, id, position, kind, reward_id, points, weight, stock, label, translations)
       SELECT $1, p->>'id', (ord - 1)::int, p->>'kind', (p->>'rewardId')::uuid, (p->>'points')::int,
         (p->>'weight')::int, (p->>'stock')::int, p->>'label', coalesce(p->'translations', '{}'::jsonb)
       FROM jsonb_array_elements($2::jsonb) WITH ORDINALITY AS t(p, ord)`,
      [programId, JSON.stringify(setting.prizes)],
    );
    await tx.query(
      'INSERT INTO lottery_tables (program_id, version, settings, created_at) VALUES ($1, $2, $3::jsonb, $4)',
      [programId, row.version, JSON.stringify(setting), at],
    );
  }
  await tx.query('UPDATE programs SET lottery_version = $2 WHERE id = $1', [programId, version]);
  return version;
}
