import type { LotteryDraw, LotteryDrawList } from '@member-center/contract';
import type { Sql } from '../db/sql.js';
import { page } from '../kernel/paging.js';
import type { ProgramRow } from '../kernel/programs.js';
import { type CouponRow, walletView } from '../rules/coupons.js';

interface DrawRow {
  id: string;
  seq: number;
  created_at: Date;
  cost: number;
  table_version: number;
  random_value: number;
  random_range: number;
  landed_prize_id: string;
  prize_id: string;
  prize_kind: LotteryDraw['prize']['kind'];
  prize_label: string;
  prize_translations: Record<string, { label?: string }>;
  prize_points: number | null;
  coupon: (Omit<CouponRow, 'created_at' | 'expires_at' | 'used_at'> & Record<string, unknown>) | null;
}

/** A coupon read as JSON, with its timestamps back as dates. */
const couponRow = (c: NonNullable<DrawRow['coupon']>): CouponRow =>
  ({
    ...c,
    created_at: new Date(c.created_at as string),
    expires_at: c.expires_at ? new Date(c.expires_at as string) : null,
    used_at: c.used_at ? new Date(c.used_at as string) : null,
  }) as CouponRow;

/** The member's lottery draws, newest first, each with its coupon's status at `now`. */
export async function listDraws(
  db: Sql,
  program: ProgramRow,
  memberId: string,
  now: Date,
  limit: number,
  before?: number,
): Promise<LotteryDrawList> {
  const rows = await db.query<DrawRow>(
    `SELECT d.id, d.seq, d.created_at, d.cost, d.table_version, d.random_value, d.random_range, d.landed_prize_id,
       d.prize_id, d.prize_kind, d.prize_label, d.prize_translations, d.prize_points,
       (SELECT to_json(r) FROM redemptions r WHERE r.id = d.coupon_id) AS coupon
     FROM lottery_draws d WHERE d.member_id = $1 AND ($2::bigint IS NULL OR d.seq < $2) ORDER BY d.seq DESC LIMIT $3`,
    [memberId, before ?? null, limit + 1],
  );
  return page(
    rows,
    limit,
    (r) => r.seq,
    (r): LotteryDraw => ({
      id: r.id,
      createdAt: r.created_at.toISOString(),
      cost: r.cost,
      tableVersion: r.table_version,
      random: { value: r.random_value, outOf: r.random_range },
      landedPrizeId: r.landed_prize_id,
      prize: {
        id: r.prize_id,
        kind: r.prize_kind,
        label: r.prize_label,
        translations: r.prize_translations,
        points: r.prize_points,
      },
      coupon: r.coupon && walletView(program, couponRow(r.coupon), now),
    }),
  );
}
