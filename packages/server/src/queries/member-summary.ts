import type { LifecycleStage, Me } from '@member-center/contract';
import type { Sql } from '../db/sql.js';
import { type ProgramRow, shownBalance, type TierRow } from '../kernel/programs.js';
import { DAY_MS, localDate } from '../kernel/time.js';
import { MEMBER_COLUMNS, type MemberRow } from '../ledger/members.js';
import { checkInStatus } from '../rules/check-ins.js';
import { boundParams, boundsGiven, STAGE } from '../rules/segments.js';
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

/** Whether member `m` has ever placed an order: tier progress counts only what orders brought. */
const ORDERED = '(m.order_count > 0 OR EXISTS (SELECT 1 FROM orders o WHERE o.member_id = m.id))';

/**
 * The whole summary in one statement: the member row, stage, tier progress (current window
 * and the held period), expiring and pending points, held points and the last check-in.
 * Parameters: $1 program, $2 customer id or member id, $3 now, $4–$5 the tier window, $6 the
 * end of "soon", $7–$11 the stage thresholds (boundParams(): taken from the program row, so
 * programs is not read again), and with check-ins $12 today in the program's time zone.
 *
 * The parts are functions (migration 18), called only when the member row says there can be
 * something to read: tier progress counts only what orders brought (qualifying entries, their
 * holds and refunds), so a member who never ordered has 0; an open lot's expiry, a hold's
 * release and a points-discount code's expiry each lower `next_due_at` to them when written
 * (member_due_at(), migration 12), so nothing expires soon while it lies beyond "soon", and
 * nothing is pending or held while it is null; without check-ins in the program the last
 * check-in is not shown, so not read. (Sub-queries in the statement itself would cost their
 * executor set-up on every run, taken or not: GET /v1/me was bound by that.)
 */
const summarySql = (basis: TierBasis, by: 'customer_id' | 'id', checkIns: boolean) => `
  WITH ${boundsGiven('$3::timestamptz', 7)}
  SELECT ${MEMBER_COLUMNS}, ${STAGE} AS stage,
    CASE WHEN ${ORDERED} THEN ${progressSql(basis, 'm.id', '$4::timestamptz', '$5::timestamptz')} ELSE 0 END AS progress,
    CASE WHEN m.tier_until IS NULL THEN NULL WHEN ${ORDERED} THEN ${progressSql(
      basis,
      'm.id',
      'coalesce(m.tier_counts_from, m.tier_until)',
      'least($5::timestamptz, m.tier_until)',
    )} ELSE 0 END AS keep_progress,
    CASE WHEN m.next_due_at <= $6 THEN member_expiring(m.id, $3, $6) ELSE '[]'::json END AS expiring,
    CASE WHEN m.next_due_at IS NOT NULL THEN member_pending(m.id, $3) ELSE '[]'::json END AS pending,
    CASE WHEN m.next_due_at IS NOT NULL THEN member_held(m.id) ELSE 0::bigint END AS held,
    ${checkIns ? 'member_last_check_in(m.id, $12::date - 1)' : 'NULL::json'} AS last_check_in
  FROM members m CROSS JOIN b WHERE m.program_id = $1 AND m.${by} = $2`;

const statements = new Map<string, string>();
const summaryStatement = (basis: TierBasis, by: 'customer_id' | 'id', checkIns: boolean) => {
  const key = `${basis} ${by} ${checkIns}`;
  let sql = statements.get(key);
  if (!sql) {
    sql = summarySql(basis, by, checkIns);
    statements.set(key, sql);
  }
  return sql;
};

/** The summary statement and its parameters (readSummary's; bench/summary-plan.ts explains it). */
export function summaryQuery(program: ProgramRow, who: { customerId: string } | { memberId: string }, now: Date) {
  const [from, to] = tierWindowAt(program, now);
  const [by, value] =
    'customerId' in who ? (['customer_id', who.customerId] as const) : (['id', who.memberId] as const);
  const checkIns = program.check_in_points !== null;
  return {
    sql: summaryStatement(program.tier_basis, by, checkIns),
    params: [
      program.id,
      value,
      now,
      from,
      to,
      new Date(now.getTime() + EXPIRING_DAYS * DAY_MS),
      ...boundParams(program),
      ...(checkIns ? [localDate(now, program.time_zone)] : []),
    ] as unknown[],
  };
}

/** One member's summary row at `now`, by customer id or member id; undefined: no such member. */
export async function readSummary(
  db: Sql,
  program: ProgramRow,
  who: { customerId: string } | { memberId: string },
  now: Date,
): Promise<SummaryRow | undefined> {
  const { sql, params } = summaryQuery(program, who, now);
  const [row] = await db.query<SummaryRow>(sql, params);
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
    tier: tierStatusFrom(program, tiers, row, row.progress, row.keep_progress, row.read_at),
    referral: { code: row.referral_code, url: referralUrl(program, row.referral_code) },
    checkIn:
      program.check_in_points === null
        ? null
        : checkInStatus(program, today, row.last_check_in?.date === today, row.last_check_in?.streak ?? 0),
    stage: row.stage,
  };
}

/** The summary of a member brought up to date by `now`: one statement. */
export async function memberSummary(db: Sql, program: ProgramRow, tiers: TierRow[], member: MemberRow, now: Date) {
  const row = await readSummary(db, program, { memberId: member.id }, now);
  return summaryView(program, tiers, row!);
}
