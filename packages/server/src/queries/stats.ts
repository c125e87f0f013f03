import {
  MAX_STATS_BUCKETS,
  MAX_STATS_DAYS,
  type Program,
  type Stats,
  type StatsBucket,
  type StatsInterval,
  type StatsQuery,
} from '@member-center/contract';
import type { Sql } from '../db/sql.js';
import { invalidRequest } from '../kernel/errors.js';
import { heldTier, type ProgramRow, type TierRow } from '../kernel/programs.js';
import { addDays, DAY_MS, localDate, startOfDay } from '../kernel/time.js';
import { type CampaignRow, campaignView } from '../rules/campaigns.js';
import { couponStats } from './coupon-stats.js';
import { segmentCounts } from './segments.js';

// GET /v1/stats: figures over a range of the program's days, and a few taken now. Every flow is
// read from the tables the loyalty transactions already write (ledger, orders, redemptions),
// through (program_id, created_at) indexes (migration 17): nothing is kept that could go stale,
// and a write pays one index entry, not a rollup row. docs/api.md ("Stats") defines each figure.

/** The program's cash value of a point, the one place stats read it; null: points are not cash. */
const pointValueOf = (program: ProgramRow): Program['pointValue'] =>
  program.cash_points && program.cash_minor
    ? { points: program.cash_points, value: { amount: program.cash_minor, currency: program.currency } }
    : null;

/** Ledger credits that count as points issued; other credits (none yet) are not issuance. */
const ISSUING = new Set(['order', 'adjustment', 'birthday', 'check_in', 'referral']);
/** Where each kind of ledger debit is counted. */
const DEBITS: Record<string, 'redeemed' | 'expired' | 'clawedBack' | 'adjustedDown'> = {
  redemption: 'redeemed',
  expiry: 'expired',
  refund: 'clawedBack',
  adjustment: 'adjustedDown',
};
/** Ledger entries that are something the member did (orders are read from the orders table). */
const MEMBER_ACTS = ['redemption', 'check_in'];

export interface StatsRange {
  from: string;
  to: string;
  start: Date;
  end: Date;
}

/** The range asked for, defaulted (the last 30 days up to today) and checked. */
export function statsRange(program: ProgramRow, query: StatsQuery, now: Date): StatsRange {
  const zone = program.time_zone;
  const to = query.to ?? localDate(now, zone);
  const from = query.from ?? addDays(to, -29);
  const days = (Date.parse(to) - Date.parse(from)) / DAY_MS + 1;
  const refuse = (path: string, message: string) =>
    invalidRequest(`The request's query is not valid: ${path}: ${message}`, {
      issues: [{ path, message, code: 'custom' }],
    });
  if (days < 1) throw refuse('query.from', 'from must not be after to');
  if (days > MAX_STATS_DAYS) throw refuse('query.from', `a range is at most ${MAX_STATS_DAYS} days`);
  if (query.interval && bucketStarts(from, to, query.interval).length > MAX_STATS_BUCKETS) {
    throw refuse('query.interval', `a series has at most ${MAX_STATS_BUCKETS} buckets: choose a longer interval`);
  }
  return { from, to, start: startOfDay(from, zone), end: startOfDay(addDays(to, 1), zone) };
}

/** The calendar starts (YYYY-MM-DD) of the days, ISO weeks or months that `from`–`to` touches. */
function bucketStarts(from: string, to: string, interval: StatsInterval) {
  const first = new Date(`${from}T00:00:00Z`);
  if (interval === 'week') first.setUTCDate(first.getUTCDate() - ((first.getUTCDay() + 6) % 7));
  if (interval === 'month') first.setUTCDate(1);
  const starts: string[] = [];
  for (let d = first; d.toISOString().slice(0, 10) <= to; ) {
    starts.push(d.toISOString().slice(0, 10));
    if (starts.length > MAX_STATS_BUCKETS) break;
    if (interval === 'month') d.setUTCMonth(d.getUTCMonth() + 1);
    else d.setUTCDate(d.getUTCDate() + (interval === 'week' ? 7 : 1));
  }
  return starts;
}

/**
 * The bucket of `created_at`: its position among the instants the buckets start at ($4, ascending,
 * the first the range's start), 1 for the first bucket. The instants are the program's local
 * midnights, computed once per request, so no row pays for a time-zone conversion.
 */
const BUCKET = 'width_bucket(created_at, $4::timestamptz[])';

interface FlowRow {
  bucket: number;
  type: string;
  credit: number | null;
  debit: number | null;
}

/** Ledger points per entry type and bucket in [$2, $3). */
const flows = (db: Sql, programId: string, r: StatsRange, bounds: Date[]) =>
  db.query<FlowRow>(
    `SELECT ${BUCKET} AS bucket, type, sum(points) FILTER (WHERE points > 0)::bigint AS credit,
       (-sum(points) FILTER (WHERE points < 0))::bigint AS debit
     FROM ledger_entries WHERE program_id = $1 AND created_at >= $2 AND created_at < $3 AND type <> 'tier'
     GROUP BY 1, 2`,
    [programId, r.start, r.end, bounds],
  );

interface Window {
  start: Date;
  end: Date;
}

/**
 * Distinct members who ordered, redeemed or checked in: per bucket of `range` (`bucket` set),
 * and in all of `range` and of `recent` (the row with `bucket` null). One scan of the span
 * covering both windows; (member, bucket) pairs are hashed, where a DISTINCT aggregate would
 * sort every row.
 */
const active = (db: Sql, programId: string, span: Window, range: Window, bounds: Date[], recent: Window) =>
  db.query<{ bucket: number | null; members: number; recent: number }>(
    `WITH m AS MATERIALIZED (
       SELECT member_id, CASE WHEN created_at >= $5 AND created_at < $6 THEN ${BUCKET} END AS bucket,
         bool_or(created_at >= $7 AND created_at < $8) AS recent
       FROM (
         SELECT member_id, created_at FROM orders WHERE program_id = $1 AND created_at >= $2 AND created_at < $3
         UNION ALL
         SELECT member_id, created_at FROM ledger_entries
         WHERE program_id = $1 AND created_at >= $2 AND created_at < $3 AND type = ANY($9::text[])
       ) a GROUP BY 1, 2
     )
     SELECT bucket, count(*)::int AS members, 0 AS recent FROM m WHERE bucket IS NOT NULL GROUP BY bucket
     UNION ALL
     SELECT NULL, count(*) FILTER (WHERE in_range)::int, count(*) FILTER (WHERE recent)::int
     FROM (SELECT bool_or(bucket IS NOT NULL) AS in_range, bool_or(recent) AS recent FROM m GROUP BY member_id) x`,
    [programId, span.start, span.end, bounds, range.start, range.end, recent.start, recent.end, MEMBER_ACTS],
  );

/** Active members in `range` (also per bucket) and in `recent`: one scan when the windows meet, else two. */
async function activeMembers(db: Sql, programId: string, range: Window, bounds: Date[], recent: Window) {
  const t = (d: Date) => d.getTime();
  if (t(recent.start) <= t(range.end) && t(range.start) <= t(recent.end)) {
    const span = {
      start: t(range.start) < t(recent.start) ? range.start : recent.start,
      end: new Date(Math.max(t(range.end), t(recent.end))),
    };
    const rows = await active(db, programId, span, range, bounds, recent);
    return { rows, recent: rows.find((r) => r.bucket === null)?.recent ?? 0 };
  }
  const [rows, other] = await Promise.all([
    active(db, programId, range, range, bounds, range),
    active(db, programId, recent, recent, [recent.start], recent),
  ]);
  return { rows, recent: other.find((r) => r.bucket === null)?.members ?? 0 };
}

/** Members per stored tier now, with what the range and the liability need of them. */
const memberRows = (db: Sql, programId: string, r: StatsRange) =>
  db.query<{ tier_id: string | null; members: number; new: number; enrolled: number; balance: number; debt: number }>(
    `SELECT tier_id, count(*)::int AS members, count(*) FILTER (WHERE created_at >= $2 AND created_at < $3)::int AS new,
       count(*) FILTER (WHERE created_at < $3)::int AS enrolled, sum(balance)::bigint AS balance,
       sum(debt)::bigint AS debt
     FROM members WHERE program_id = $1 GROUP BY tier_id`,
    [programId, r.start, r.end],
  );

/** New members per bucket of the range. */
const newPerBucket = (db: Sql, programId: string, r: StatsRange, bounds: Date[]) =>
  db.query<{ bucket: number; members: number }>(
    `SELECT ${BUCKET} AS bucket, count(*)::int AS members FROM members
     WHERE program_id = $1 AND created_at >= $2 AND created_at < $3 GROUP BY 1`,
    [programId, r.start, r.end, bounds],
  );

/** Points in lots already past their expiry (a read or the sweep writes them off), and held order points. */
const heldNow = async (db: Sql, programId: string, now: Date) =>
  (
    await db.query<{ overdue: number; pending: number }>(
      `SELECT (SELECT coalesce(sum(remaining), 0)::bigint FROM point_lots
               WHERE program_id = $1 AND remaining > 0 AND expires_at <= $2) AS overdue,
         (SELECT coalesce(sum(points), 0)::bigint FROM pending_points WHERE program_id = $1 AND released_at IS NULL)
           AS pending`,
      [programId, now],
    )
  )[0]!;

/** Orders placed in the range and not fully refunded, and the members who placed one or more. */
const buyers = async (db: Sql, programId: string, r: StatsRange) =>
  (
    await db.query<{ orders: number; buyers: number; repeat: number }>(
      `SELECT coalesce(sum(n), 0)::int AS orders, count(*)::int AS buyers, count(*) FILTER (WHERE n >= 2)::int AS repeat
       FROM (SELECT member_id, count(*) AS n FROM orders
             WHERE program_id = $1 AND created_at >= $2 AND created_at < $3 AND (refunded_amount < amount OR amount = 0)
             GROUP BY member_id) o`,
      [programId, r.start, r.end],
    )
  )[0]!;

/** Redemptions in the range per reward, and in all (`reward_id` null). */
const redemptions = (db: Sql, programId: string, r: StatsRange) =>
  db.query<{ reward_id: string | null; name: string; redemptions: number; points: number; redeemers: number }>(
    `SELECT reward_id, (array_agg(reward_name ORDER BY seq DESC))[1] AS name, count(*)::int AS redemptions,
       sum(points)::bigint AS points, count(DISTINCT member_id)::int AS redeemers
     FROM redemptions WHERE program_id = $1 AND kind = 'reward' AND created_at >= $2 AND created_at < $3
     GROUP BY GROUPING SETS ((), (reward_id))`,
    [programId, r.start, r.end],
  );

const ratio = (part: number, whole: number) => (whole > 0 ? part / whole : null);

/** `GET /v1/stats` for `program` at `now`, given its tiers and campaigns (from the program cache). */
export async function programStats(
  db: Sql,
  program: ProgramRow,
  tiers: TierRow[],
  campaigns: CampaignRow[],
  query: StatsQuery,
  now: Date,
): Promise<Stats> {
  const range = statsRange(program, query, now);
  const zone = program.time_zone;
  // The series' buckets, cut to the range; without an interval, one bucket: the range.
  const starts = query.interval ? bucketStarts(range.from, range.to, query.interval) : [range.from];
  const buckets: StatsBucket[] = starts.map((start, i) => ({
    from: i === 0 ? range.from : start,
    to: i === starts.length - 1 ? range.to : addDays(starts[i + 1]!, -1),
    newMembers: 0,
    activeMembers: 0,
    issued: 0,
    redeemed: 0,
    expired: 0,
  }));
  const bounds = buckets.map((b, i) => (i === 0 ? range.start : startOfDay(b.from, zone)));
  const last30 = new Date(now.getTime() - 30 * DAY_MS);
  const [ledger, activity, members, newMembers, held, orders, redeemed, segments, coupons] = await Promise.all([
    flows(db, program.id, range, bounds),
    // Half-open like every window here: up to and including this millisecond.
    activeMembers(db, program.id, range, bounds, { start: last30, end: new Date(now.getTime() + 1) }),
    memberRows(db, program.id, range),
    query.interval ? newPerBucket(db, program.id, range, bounds) : [],
    heldNow(db, program.id, now),
    buyers(db, program.id, range),
    redemptions(db, program.id, range),
    segmentCounts(db, program.id, now),
    couponStats(db, program.id, range.start, range.end, now),
  ]);

  const totals = { issued: 0, redeemed: 0, expired: 0, clawedBack: 0, adjustedDown: 0 };
  for (const row of ledger) {
    const bucket = buckets[row.bucket - 1]!;
    if (row.type === 'discount') {
      // Points as cash: held (a debit) when the code is made, given back (a credit) if it is not used.
      const net = (row.debit ?? 0) - (row.credit ?? 0);
      totals.redeemed += net;
      bucket.redeemed += net;
      continue;
    }
    if (row.credit && ISSUING.has(row.type)) {
      totals.issued += row.credit;
      bucket.issued += row.credit;
    }
    const kind = DEBITS[row.type];
    if (row.debit && kind) {
      totals[kind] += row.debit;
      if (kind === 'redeemed' || kind === 'expired') bucket[kind] += row.debit;
    }
  }
  for (const row of activity.rows) if (row.bucket !== null) buckets[row.bucket - 1]!.activeMembers = row.members;
  for (const row of newMembers) buckets[row.bucket - 1]!.newMembers = row.members;

  const sum = (pick: (row: (typeof members)[number]) => number) => members.reduce((n, row) => n + pick(row), 0);
  const total = sum((m) => m.members);
  const outstanding = sum((m) => m.balance) - held.overdue;
  const pointValue = pointValueOf(program);
  const all = redeemed.find((r) => r.reward_id === null);
  const count = (tier: TierRow | null) =>
    sum((m) => ((heldTier(tiers, m.tier_id)?.id ?? null) === (tier?.id ?? null) ? m.members : 0));
  const untiered = count(null);

  return {
    range: {
      from: range.from,
      to: range.to,
      timeZone: zone,
      startsAt: range.start.toISOString(),
      endsAt: range.end.toISOString(),
    },
    asOf: now.toISOString(),
    members: {
      total,
      new: sum((m) => m.new),
      active: {
        last30Days: activity.recent,
        inRange: activity.rows.find((r) => r.bucket === null)?.members ?? 0,
      },
    },
    points: { ...totals, outstanding, pending: held.pending, debt: sum((m) => m.debt) },
    liability: {
      points: outstanding,
      // Rounded down, as a member's cashValue is; in bigint, since the product can pass 2^53.
      value: pointValue && {
        amount: Number((BigInt(outstanding) * BigInt(pointValue.value.amount)) / BigInt(pointValue.points)),
        currency: pointValue.value.currency,
      },
      pointValue,
    },
    redemptionRate: {
      points: ratio(totals.redeemed, totals.issued),
      members: ratio(
        all?.redeemers ?? 0,
        sum((m) => m.enrolled),
      ),
    },
    orders: {
      count: orders.orders,
      buyers: orders.buyers,
      repeatBuyers: orders.repeat,
      repeatPurchaseRate: ratio(orders.repeat, orders.buyers),
    },
    tiers: [
      ...(untiered > 0 || tiers.length === 0 ? [{ tierId: null, name: null, threshold: null, members: untiered }] : []),
      ...tiers.map((t) => ({ tierId: t.id, name: t.name, threshold: t.threshold, members: count(t) })),
    ],
    segments: { stages: segments.stages, rfm: segments.rfm },
    rewards: {
      redemptions: all?.redemptions ?? 0,
      redeemers: all?.redeemers ?? 0,
      top: redeemed
        .filter((r) => r.reward_id !== null)
        .sort((a, b) => b.redemptions - a.redemptions || b.points - a.points || a.name.localeCompare(b.name))
        .slice(0, 10)
        .map((r) => ({
          rewardId: r.reward_id!,
          name: r.name,
          redemptions: r.redemptions,
          points: r.points,
          redeemers: r.redeemers,
        })),
    },
    coupons: {
      issued: coupons.reduce((n, c) => n + c.issued, 0),
      used: coupons.reduce((n, c) => n + c.used, 0),
      expired: coupons.reduce((n, c) => n + c.expired, 0),
      void: coupons.reduce((n, c) => n + c.void, 0),
      byReward: coupons,
    },
    campaigns: {
      running: campaigns
        .filter((c) => c.starts_at.getTime() <= now.getTime() && c.ends_at.getTime() > now.getTime())
        .map(campaignView),
    },
    series: query.interval ? { interval: query.interval, buckets } : null,
  };
}
