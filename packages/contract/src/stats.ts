import * as z from 'zod/mini';
import { Campaign } from './merchant-responses.js';
import { LifecycleStage } from './responses.js';

// `GET /v1/stats` is merchant-only: its query and answer live in a module the browser client
// never imports. docs/api.md ("Stats") defines every figure exactly.

/** The longest range one request may ask for, in days (about ten years). */
export const MAX_STATS_DAYS = 3660;
/** The most buckets a series may have (`interval=day` over two years). */
export const MAX_STATS_BUCKETS = 731;

export const STATS_INTERVALS = ['day', 'week', 'month'] as const;
export const StatsInterval = z.enum(STATS_INTERVALS);
export type StatsInterval = z.infer<typeof StatsInterval>;

const isCalendarDate = (s: string) => {
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
};

/** A calendar day, YYYY-MM-DD (years 1900–2999), read in the program's time zone. */
export const LocalDate = z
  .string()
  .check(
    z.regex(/^(19|2\d)\d\d-\d\d-\d\d$/, 'a date YYYY-MM-DD'),
    z.refine(isCalendarDate, 'must be a real calendar day'),
  );

/**
 * `GET /v1/stats?from=&to=&interval=`: whole days `from` to `to`, both included, in the program's
 * time zone. Defaults: `to` today, `from` 29 days before `to` (the last 30 days). No `interval`:
 * no series.
 */
export const StatsQuery = z
  .object({
    from: z.optional(LocalDate),
    to: z.optional(LocalDate),
    interval: z.optional(StatsInterval),
  })
  .check(z.refine((q) => !q.from || !q.to || q.from <= q.to, { message: 'from must not be after to', path: ['from'] }));
export type StatsQuery = z.infer<typeof StatsQuery>;

const Count = z.int();
/** A share from 0 to 1 (a points ratio may exceed 1); null when its denominator is 0. */
const Ratio = z.nullable(z.number());
const Money = z.object({ amount: z.int(), currency: z.string() });

/** Points moved in a span, each figure positive (see docs/api.md, Stats). */
const PointFlows = {
  issued: Count,
  redeemed: Count,
  expired: Count,
};

export const StatsBucket = z.object({
  /** First and last day of the bucket in the range (a week or month is cut at the range's ends). */
  from: z.string(),
  to: z.string(),
  newMembers: Count,
  activeMembers: Count,
  ...PointFlows,
});
export type StatsBucket = z.infer<typeof StatsBucket>;

export const Stats = z.object({
  /** The range the flows are counted over, as asked or defaulted, and the instants it spans. */
  range: z.object({
    from: z.string(),
    to: z.string(),
    timeZone: z.string(),
    /** Midnight starting `from` in the time zone (included) … */
    startsAt: z.string(),
    /** … to midnight after `to` (excluded). */
    endsAt: z.string(),
  }),
  /** The moment the "now" figures (outstanding, tiers, stages, last 30 days) are taken at. */
  asOf: z.string(),
  members: z.object({
    total: Count,
    /** Enrolled in the range. */
    new: Count,
    /** With an order, a redemption or a check-in in the window. */
    active: z.object({ last30Days: Count, inRange: Count }),
  }),
  points: z.object({
    ...PointFlows,
    /** Taken back by refunds (and debts repaid). */
    clawedBack: Count,
    /** Taken off by negative adjustments. */
    adjustedDown: Count,
    /** Spendable now: every balance, minus lots already past their expiry. */
    outstanding: Count,
    /** Order points held in their return window now. */
    pending: Count,
    /** Points refunds took back that balances could not cover, now. */
    debt: Count,
  }),
  /** Outstanding points in money at the program's point value; `value` null when points are not cash. */
  liability: z.object({
    points: Count,
    value: z.nullable(Money),
    pointValue: z.nullable(z.object({ points: Count, value: Money })),
  }),
  redemptionRate: z.object({
    /** Points redeemed ÷ points issued in the range. */
    points: Ratio,
    /** Members who redeemed in the range ÷ members enrolled by its end. */
    members: Ratio,
  }),
  orders: z.object({
    /** Orders placed in the range and not fully refunded. */
    count: Count,
    /** Members with at least one of them … */
    buyers: Count,
    /** … and with two or more. */
    repeatBuyers: Count,
    /** repeatBuyers ÷ buyers. */
    repeatPurchaseRate: Ratio,
  }),
  /** Members per tier now, lowest tier first; `tierId` null: members without a tier. */
  tiers: z.array(
    z.object({
      tierId: z.nullable(z.string()),
      name: z.nullable(z.string()),
      threshold: z.nullable(Count),
      members: Count,
    }),
  ),
  /** Now, as `GET /v1/segments` counts them. */
  segments: z.object({
    stages: z.array(z.object({ stage: LifecycleStage, members: Count })),
    rfm: z.object({
      scored: Count,
      recency: z.array(Count),
      frequency: z.array(Count),
      monetary: z.array(Count),
      cells: z.array(z.object({ r: z.int(), f: z.int(), m: z.int(), members: Count })),
    }),
  }),
  rewards: z.object({
    /** Redemptions in the range, and the members who made them. */
    redemptions: Count,
    redeemers: Count,
    /** The 10 rewards redeemed most often in the range. */
    top: z.array(
      z.object({ rewardId: z.string(), name: z.string(), redemptions: Count, points: Count, redeemers: Count }),
    ),
  }),
  /**
   * Coupon codes in the range (redeemed for points, issued by the merchant, points as cash):
   * issued, used at checkout, expired unused and voided, in all and per reward (`rewardId` null:
   * points discounts), the biggest issuers first.
   */
  coupons: z.object({
    issued: Count,
    used: Count,
    expired: Count,
    void: Count,
    byReward: z.array(
      z.object({
        rewardId: z.nullable(z.string()),
        rewardName: z.string(),
        issued: Count,
        used: Count,
        expired: Count,
        void: Count,
      }),
    ),
  }),
  /** Campaigns running now, ending soonest first. */
  campaigns: z.object({ running: z.array(Campaign) }),
  /** The range cut into calendar days, ISO weeks (from Monday) or months; null without `interval`. */
  series: z.nullable(z.object({ interval: StatsInterval, buckets: z.array(StatsBucket) })),
});
export type Stats = z.infer<typeof Stats>;
