import type { LifecycleStage, Me } from '@member-center/contract';
import type { Sql } from '../db/sql.js';
import { type ProgramRow, shownBalance, type TierRow } from '../kernel/programs.js';
import { DAY_MS, localDate } from '../kernel/time.js';
import { MEMBER_COLUMNS, type MemberRow } from '../ledger/members.js';
import { bounds, STAGE } from '../rules/segments.js';
import { progressSql, type TierBasis, tierStatusFrom, tierWindowAt } from '../rules/tiers.js';

export const referralUrl = (program: ProgramRow, code: string) => {
  const url = new URL(program.site_url ?? 'https://example.com/');
  url.searchParams.set('ref', code);
  return url.toString();
};

/** Points expiring this many days ahead are shown as expiring soon. */
const EXPIRING_DAYS = 30;

/** A member row read together with everything `GET /v1/me` shows of it. */
export interface SummaryRow extends MemberRow {
  stage: LifecycleStage;
  /** Tier progress in the current window, and in the held tier's period so far. */
  progress: number;
  keep_progress: number | null;
  /** Soonest first, one per moment: points expiring within 30 days, and held order points. */
  expiring: { points: number; at: string }[];
  pending: { points: number; at: string }[];
  /** Points held by unused points-discount codes. */
  held: number;
  /** The latest check-in of today or yesterday (a streak is alive until a day is missed). */
  last_check_in: { date: string; streak: number } | null;
  /** The instant the figures are for. */
  read_at: Date;
}

const moments = (table: string, points: string, at: string, where: string) =>
  `(SELECT coalesce(json_agg(json_build_object('points', points, 'at', at) ORDER BY at), '[]'::json)
    FROM (SELECT sum(${points})::bigint AS points, ${at} AS at FROM ${table}
          WHERE member_id = m.id AND ${where} GROUP BY ${at}) moments)`;

/**
 * The whole summary in one statement: the member row, stage, tier progress (current window
 * and the held period), expiring and pending points and the last check-in. Parameters: $1
 * program, $2 customer id or member id, $3 now, $4–$5 the tier window, $6 the end of "soon",
 * $7 today in the program's time zone.
 */
const summarySql = (basis: TierBasis, by: 'customer_id' | 'id') => `
  WITH ${bounds('$1', '$3::timestamptz')}
  SELECT ${MEMBER_COLUMNS}, ${STAGE} AS stage,
    ${progressSql(basis, 'm.id', '$4::timestamptz', '$5::timestamptz')} AS progress,
    CASE WHEN m.tier_until IS NOT NULL THEN ${progressSql(
      basis,
      'm.id',
      'coalesce(m.tier_counts_from, m.tier_until)',
      'least($5::timestamptz, m.tier_until)',
    )} END AS keep_progress,
    ${moments('point_lots', 'remaining', 'expires_at', 'remaining > 0 AND expires_at > $3 AND expires_at <= $6')} AS expiring,
    ${moments('pending_points', 'points', 'available_at', 'released_at IS NULL AND available_at > $3')} AS pending,
    (SELECT coalesce(sum(points - points_returned), 0)::bigint FROM redemptions
     WHERE member_id = m.id AND kind = 'points_discount' AND status = 'available') AS held,
    (SELECT json_build_object('date', to_char(local_date, 'YYYY-MM-DD'), 'streak', streak) FROM check_ins
     WHERE member_id = m.id AND local_date >= $7::date - 1 ORDER BY local_date DESC LIMIT 1) AS last_check_in
  FROM members m CROSS JOIN b WHERE m.program_id = $1 AND m.${by} = $2`;

const statements = new Map<string, string>();
const summaryStatement = (basis: TierBasis, by: 'customer_id' | 'id') => {
  const key = `${basis} ${by}`;
  let sql = statements.get(key);
  if (!sql) {
    sql = summarySql(basis, by);
    statements.set(key, sql);
  }
  return sql;
};

/** One member's summary row at `now`, by customer id or member id; undefined: no such member. */
export async function readSummary(
  db: Sql,
  program: ProgramRow,
  who: { customerId: string } | { memberId: string },
  now: Date,
): Promise<SummaryRow | undefined> {
  const [from, to] = tierWindowAt(program, now);
  const [by, value] =
    'customerId' in who ? (['customer_id', who.customerId] as const) : (['id', who.memberId] as const);
  const [row] = await db.query<SummaryRow>(summaryStatement(program.tier_basis, by), [
    program.id,
    value,
    now,
    from,
    to,
    new Date(now.getTime() + EXPIRING_DAYS * DAY_MS),
    localDate(now, program.time_zone),
  ]);
  return row && { ...row, read_at: now };
}

export const isSummaryRow = (member: MemberRow): member is SummaryRow => 'read_at' in member;

const iso = (at: string) => new Date(at).toISOString();

/** What a member (or the merchant) sees of a member: profile, points, tier, referral link. */
export function summaryView(program: ProgramRow, tiers: TierRow[], row: SummaryRow): Me {
  const pending = row.pending.map((p) => ({ points: p.points, availableAt: iso(p.at) }));
  const today = localDate(row.read_at, program.time_zone);
  return {
    member: {
      customerId: row.customer_id,
      name: row.name,
      email: row.email,
      birthday: row.birthday,
      joinedAt: row.created_at.toISOString(),
    },
    points: {
      balance: shownBalance(program, row.balance, row.debt),
      lifetimeEarned: row.lifetime_earned,
      cashValue:
        program.cash_points && program.cash_minor
          ? { amount: Math.floor((row.balance * program.cash_minor) / program.cash_points), currency: program.currency }
          : null,
      expiring: row.expiring.map((e) => ({ points: e.points, expiresAt: iso(e.at) })),
      pending,
      pendingTotal: pending.reduce((sum, p) => sum + p.points, 0),
      debt: row.debt,
      held: Number(row.held),
    },
    tier: tierStatusFrom(program, tiers, row, row.progress, row.keep_progress),
    referral: { code: row.referral_code, url: referralUrl(program, row.referral_code) },
    checkIn:
      program.check_in_points === null
        ? null
        : { today: row.last_check_in?.date === today, streak: row.last_check_in?.streak ?? 0 },
    stage: row.stage,
  };
}

/** The summary of a member brought up to date by `now`: one statement. */
export async function memberSummary(db: Sql, program: ProgramRow, tiers: TierRow[], member: MemberRow, now: Date) {
  const row = await readSummary(db, program, { memberId: member.id }, now);
  return summaryView(program, tiers, row!);
}
