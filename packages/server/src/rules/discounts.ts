import type { PointsDiscountRule, UpdateProgramBody } from '@member-center/contract';
import type { Sql } from '../db/sql.js';
import { invalidRequest } from '../kernel/errors.js';
import type { ProgramRow } from '../kernel/programs.js';

/** The rule for points as cash; null when the program offers none (no rule, or points have no cash value). */
export function discountRule(program: ProgramRow): PointsDiscountRule | null {
  const p = program;
  if (p.discount_min_points === null) return null;
  if (!program.cash_points || !program.cash_minor) return null;
  return {
    minPoints: p.discount_min_points,
    step: p.discount_step,
    maxPoints: p.discount_max_points,
    validMinutes: p.discount_valid_minutes,
    maxSharePercent: p.discount_max_share_percent,
  };
}

/** What `points` are worth off an order, in minor units, rounded down (`pointValue`). */
export const discountValue = (program: ProgramRow, points: number) =>
  Number((BigInt(points) * BigInt(program.cash_minor ?? 0)) / BigInt(program.cash_points ?? 1));

/** `PATCH /v1/program {pointsDiscount}`, in the caller's transaction; omitted: unchanged, null: off. */
export async function updateDiscountRule(tx: Sql, programId: string, change: UpdateProgramBody['pointsDiscount']) {
  if (change === undefined) return;
  if (change === null) {
    await tx.query('UPDATE programs SET discount_min_points = NULL, discount_max_points = NULL WHERE id = $1', [
      programId,
    ]);
    return;
  }
  if (change.maxPoints != null && change.maxPoints < change.minPoints) {
    throw invalidRequest('pointsDiscount.maxPoints must be at least minPoints.');
  }
  await tx.query(
    `UPDATE programs SET discount_min_points = $2, discount_step = $3, discount_max_points = $4,
       discount_valid_minutes = $5, discount_max_share_percent = $6 WHERE id = $1`,
    [
      programId,
      change.minPoints,
      change.step ?? 1,
      change.maxPoints ?? null,
      change.validMinutes ?? 30,
      change.maxSharePercent ?? null,
    ],
  );
}
