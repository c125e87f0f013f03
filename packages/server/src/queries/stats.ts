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
import { segmentCounts } from './segments.js';

// GET /v1/stats: figures over a range of the program's days, and a few taken now. Every flow is
// read from the tables the loyalty transactions already write (ledger, orders, redemptions),
// through (program_id, created_at) indexes (migration 17), so nothing is kept that could go
// stale and no write pays for it. docs/api.md ("Stats") defines each figure.

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

/** `created_at` as the calendar start of its bucket in the program's zone: $4 the unit, $5 the zone. */
const BUCKET = `to_char(date_trunc($4, created_at AT TIME ZONE $5), 'YYYY-MM-DD')`;

interface FlowRow {
  bucket: string | null;
  type: string;
  credit: number | null;
  debit: number | null;
}

/** Ledger points per entry type (and bucket) in [$2, $3). */
const flows = (db: Sql, programId: string, r: StatsRange, unit: string, zone: string) =>
  db.query<FlowRow>(
    `SELECT ${BUCKET} AS bucket, type, sum(points) FILTER (WHERE points > 0)::bigint AS credit,
       (-sum(points) FILTER (WHERE points < 0))::bigint AS debit
     FROM ledger_entries WHERE program_id = $1 AND created_at >= $2 AND created_at < $3 AND type <> 'tier'
     GROUP BY 1, 2`,
    [programId, r.start, r.end, unit, zone],
  );

/**
 * Distinct members who ordered, redeemed or checked in within [$2, $3): in all (`bucket` null)
 * and per bucket.
 */
const active = (db: Sql, programId: string, start: Date, end: Date, unit: string, zone: string) =>
  db.query<{ bucket: string | null; members: number }>(
    `SELECT bucket, count(DISTINCT member_id)::int AS members FROM (
       SELECT member_id, ${BUCKET} AS bucket FROM orders
       WHERE program_id = $1 AND created_at >= $2 AND created_at < $3
       UNION ALL
       SELECT member_id, ${BUCKET} FROM ledger_entries
       WHERE program_id = $1 AND created_at >= $2 AND created_at < $3 AND type = ANY($6::text[])
     ) a GROUP BY GROUPING SETS ((), (bucket))`,
    [programId, start, end, unit, zone, MEMBER_ACTS],
  );

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
const newPerBucket = (db: Sql, programId: string, r: StatsRange, unit: string, zone: string) =>
  db.query<{ bucket: string; members: number }>(
    `SELECT ${BUCKET} AS bucket, count(*)::int AS members FROM members
     WHERE program_id = $1 AND created_at >= $2 AND created_at < $3 GROUP BY 1`,
    [programId, r.start, r.end, unit, zone],
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
     FROM redemptions WHERE program_id = $1 AND created_at >= $2 AND created_at < $3
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
  // Without a series the bucket is still computed (one statement text each), but by day over
  // the range: cheap, and the per-bucket rows are then summed and dropped.
  const unit = query.interval ?? 'day';
  const last30 = new Date(now.getTime() - 30 * DAY_MS);
  const [ledger, activeInRange, active30, members, newMembers, held, orders, redeemed, segments] = await Promise.all([
    flows(db, program.id, range, unit, zone),
    active(db, program.id, range.start, range.end, unit, zone),
    active(db, program.id, last30, now, 'day', zone),
    memberRows(db, program.id, range),
    query.interval ? newPerBucket(db, program.id, range, unit, zone) : [],
    heldNow(db, program.id, now),
    buyers(db, program.id, range),
    redemptions(db, program.id, range),
    segmentCounts(db, program.id, now),
  ]);

  const totals = { issued: 0, redeemed: 0, expired: 0, clawedBack: 0, adjustedDown: 0 };
  const perBucket = new Map<string, StatsBucket>();
  const starts = query.interval ? bucketStarts(range.from, range.to, query.interval) : [];
  starts.forEach((start, i) => {
    const next = starts[i + 1];
    perBucket.set(start, {
      from: start < range.from ? range.from : start,
      to: next === undefined ? range.to : addDays(next, -1),
      newMembers: 0,
      activeMembers: 0,
      issued: 0,
      redeemed: 0,
      expired: 0,
    });
  });
  for (const row of ledger) {
    const bucket = perBucket.get(row.bucket ?? '');
    if (row.credit && ISSUING.has(row.type)) {
      totals.issued += row.credit;
      if (bucket) bucket.issued += row.credit;
    }
    const kind = DEBITS[row.type];
    if (row.debit && kind) {
      totals[kind] += row.debit;
      if (bucket && (kind === 'redeemed' || kind === 'expired')) bucket[kind] += row.debit;
    }
  }
  for (const row of activeInRange) {
    const bucket = perBucket.get(row.bucket ?? '');
    if (bucket) bucket.activeMembers = row.members;
  }
  for (const row of newMembers) {
    const bucket = perBucket.get(row.bucket);
    if (bucket) bucket.newMembers = row.members;
  }

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
        last30Days: active30.find((r) => r.bucket === null)?.members ?? 0,
        inRange: activeInRange.find((r) => r.bucket === null)?.members ?? 0,
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
      members: ratio(all?.redeemers ?? 0, sum((m) => m.enrolled)),
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
    campaigns: {
      running: campaigns
        .filter((c) => c.starts_at.getTime() <= now.getTime() && c.ends_at.getTime() > now.getTime())
        .map(campaignView),
    },
    series: query.interval ? { interval: query.interval, buckets: [...perBucket.values()] } : null,
  };
}
