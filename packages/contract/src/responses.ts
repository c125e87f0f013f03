import * as z from 'zod/mini';
import { Lottery } from './lottery.js';
import { Currency, Id, list, Money, PointsTotal, PositivePoints, Timestamp } from './shapes.js';

// What the API answers. The browser client validates every response with these, so they check
// shapes and types, not formats: a format check (UUID, ISO date) would pull zod's format code
// into every page for little gain, and the server's own tests hold it to the formats. What the
// formats are is still documented (OpenAPI `format`) through the registry (shapes.ts). Answers
// only the merchant's backend reads are in merchant-responses.ts, which browser bundles leave out.

// ---------- errors ----------

export const ERROR_CODES = [
  'invalid_request',
  'unauthenticated',
  'token_expired',
  'forbidden',
  'not_found',
  'idempotency_conflict',
  'payload_too_large',
  'insufficient_points',
  'out_of_stock',
  'tier_locked',
  'limit_reached',
  'reward_inactive',
  'currency_mismatch',
  'refund_exceeds_order',
  'check_in_unavailable',
  'unknown_referral_code',
  'rate_limited',
  'coupon_used',
  'coupon_expired',
  'coupon_void',
  'discount_unavailable',
  'discount_not_allowed',
  'discount_exceeds_order',
  'lottery_unavailable',
  'lottery_not_running',
  'internal_error',
  'unknown_action',
  'birthday_locked',
  'delivery_not_failed',
] as const;
// Marked pure so that a bundle which never reads them (the browser client reads AnyErrorEnvelope)
// leaves the list of codes out.
export const ErrorCode = /* @__PURE__ */ z.enum(ERROR_CODES);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const ErrorEnvelope = /* @__PURE__ */ z.object({
  error: /* @__PURE__ */ z.object({
    code: ErrorCode,
    message: /* @__PURE__ */ z.string(),
    details: /* @__PURE__ */ z.optional(/* @__PURE__ */ z.unknown()),
  }),
});
export type ErrorEnvelope = z.infer<typeof ErrorEnvelope>;

/**
 * The envelope as a browser reads it: any code string, since a newer API may answer a code this
 * client does not know yet (and the client's bundle then needs no list of codes).
 */
export const AnyErrorEnvelope = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.optional(z.unknown()) }),
});

/** Why a member cannot redeem a reward now; also the 422 code a redemption would get. */
export const IneligibleReason = z.enum(['insufficient_points', 'out_of_stock', 'tier_locked', 'limit_reached']);
export type IneligibleReason = z.infer<typeof IneligibleReason>;

// ---------- program ----------

export const Tier = z.object({
  id: Id,
  name: z.string(),
  /** Points earned in the qualification window that reach this tier. */
  threshold: PointsTotal,
  /** Earn multiplier, e.g. 1.5 earns half as much again. */
  multiplier: z.number(),
  /** Days of membership the tier also needs; 0: none. Always sent since v1.5. */
  minMemberDays: z.optional(z.int()),
  benefits: z.array(z.string()),
  /**
   * The tier's texts in other languages (`{"zh-CN": {name, benefits}}`); `name` and `benefits`
   * above are in the language asked for with `?locale=` when translated, else the program's. Always sent since v1.4.
   */
  translations: z.optional(
    z.record(z.string(), z.object({ name: z.optional(z.string()), benefits: z.optional(z.array(z.string())) })),
  ),
});
export type Tier = z.infer<typeof Tier>;

export const WayToEarn = z.object({
  kind: z.enum(['order', 'signup', 'referral', 'check_in', 'birthday']),
  /** Human-readable, in the program's locale. */
  description: z.string(),
  /** Points per whole currency unit spent (orders) or flat points. */
  points: z.number(),
});
export type WayToEarn = z.infer<typeof WayToEarn>;

export const ReferralOffer = z.object({
  referrerPoints: PointsTotal,
  refereePoints: PointsTotal,
  description: z.string(),
  /** The referee's first order must reach this for both sides to be rewarded. Always sent since v1.3. */
  minOrder: z.optional(Money),
});
export type ReferralOffer = z.infer<typeof ReferralOffer>;

/** A campaign running now, as members see it in the program. */
export const ActiveCampaign = z.object({
  name: z.string(),
  /** Multiplies order points, on top of the tier multiplier. */
  multiplier: z.number(),
  endsAt: Timestamp,
  /** Only members at this tier or above; null: everyone. */
  tierId: z.nullable(Id),
  firstOrderOnly: z.boolean(),
});
export type ActiveCampaign = z.infer<typeof ActiveCampaign>;

/** The program's rule for points as cash at checkout (`PATCH /v1/program {pointsDiscount}`). */
export const PointsDiscountRule = z.object({
  minPoints: PositivePoints,
  /** Points are turned into cash in multiples of this. */
  step: PositivePoints,
  /** null: as many as the member has. */
  maxPoints: z.nullable(PositivePoints),
  /** How long a discount code stays valid before its points go back. */
  validMinutes: PositivePoints,
  /** At most this percent of an order's total (checked when the checkout sends `orderTotal`); null: no cap. Always sent since v1.4. */
  maxSharePercent: z.optional(z.nullable(PositivePoints)),
});
export type PointsDiscountRule = z.infer<typeof PointsDiscountRule>;

/** A way to earn by an action, as `GET /v1/program {actions}` lists it. */
export const ActionWay = z.object({
  type: z.string(),
  /** In the language asked for with `?locale=` when translated, else the program's. */
  label: z.string(),
  points: PositivePoints,
  perDay: z.nullable(z.int()),
  lifetime: z.nullable(z.int()),
  translations: z.optional(z.record(z.string(), z.string())),
});
export type ActionWay = z.infer<typeof ActionWay>;

export const Program = z.object({
  id: Id,
  name: z.string(),
  currency: Currency,
  locale: z.string(),
  /** Points as cash: `points` points are worth `value` (e.g. 100 points = ¥1.00); null when points are not cash. */
  pointValue: z.nullable(z.object({ points: PositivePoints, value: Money })),
  /**
   * How tiers qualify: over the last `months` months (rolling_months) or the calendar year in the
   * program's time zone (calendar_year, since v1.3); `basis` says what counts. A tier once reached
   * is held for a whole period and can only go down at its end (see `TierStatus.keep`).
   */
  tierWindow: z.object({
    kind: z.enum(['rolling_months', 'calendar_year']),
    /** The rolling window's length; sent with rolling_months only. */
    months: z.optional(z.int()),
    /** Purchase points, spend in minor units net of refunds, or orders (since v1.5). Always sent since v1.3. */
    basis: z.optional(z.enum(['points', 'spend', 'orders'])),
  }),
  tiers: z.array(Tier),
  waysToEarn: z.array(WayToEarn),
  referralOffer: z.nullable(ReferralOffer),
  /** Earned points expire this many months after they are earned; null: never. Always sent since v1.1. */
  pointsExpiry: z.optional(z.nullable(z.object({ months: z.int() }))),
  /** Days an order's points stay pending (the return window); 0: none. Always sent since v1.1. */
  returnWindowDays: z.optional(z.int()),
  /** A refund may show the balance below zero (net of debt). Always sent since v1.2. */
  allowNegativeBalance: z.optional(z.boolean()),
  /** The IANA time zone the program's days and months begin in. Always sent since v1.2. */
  timeZone: z.optional(z.string()),
  /** Points given once a year in the member's birthday month; 0: none. Always sent since v1.2. */
  birthdayPoints: z.optional(PointsTotal),
  /** Daily check-in points, and the bonus on every `bonusDay`-th day of a streak; null: none. Always sent since v1.2. */
  checkIn: z.optional(z.nullable(z.object({ points: PositivePoints, bonusDay: z.int(), bonusPoints: PointsTotal }))),
  /** Campaigns running now, ending soonest first. Always sent since v1.2. */
  campaigns: z.optional(z.array(ActiveCampaign)),
  /** Days before points expire that the merchant hears of it (points.expiring webhook), e.g. to remind the member. Always sent since v1.3. */
  expiryNoticeDays: z.optional(z.int()),
  /** Points per whole currency unit an order earns, before multipliers. Always sent since v1.4. */
  pointsPerUnit: z.optional(PointsTotal),
  /** The merchant's shop; null: not set. Always sent since v1.4. */
  siteUrl: z.optional(z.nullable(z.string())),
  /** Where a guest joins (signs up) and logs in on the merchant's site; null: not set. Always sent since v1.4. */
  joinUrl: z.optional(z.nullable(z.string())),
  loginUrl: z.optional(z.nullable(z.string())),
  /** The browser origins the publishable key is accepted from (CORS). Always sent since v1.4. */
  allowedOrigins: z.optional(z.array(z.string())),
  /**
   * Points as cash at checkout (`POST /v1/me/discounts`), valued at `pointValue`; null: not
   * offered (also when `pointValue` is null). Always sent since v1.4.
   */
  pointsDiscount: z.optional(z.nullable(PointsDiscountRule)),
  /** Ways to earn by actions (a review, a follow, a survey, a complete profile…), with their caps. Always sent since v1.5. */
  actions: z.optional(z.array(ActionWay)),
  /** The points lottery with its published odds; null: none. Always sent since v1.5. */
  lottery: z.optional(z.nullable(Lottery)),
});
export type Program = z.infer<typeof Program>;

// ---------- member ----------

export const Member = z.object({
  customerId: z.string(),
  name: z.nullable(z.string()),
  email: z.nullable(z.string()),
  birthday: z.nullable(z.string()),
  joinedAt: Timestamp,
});
export type Member = z.infer<typeof Member>;

export const PointsSummary = z.object({
  balance: PointsTotal,
  lifetimeEarned: PointsTotal,
  /** The balance's worth as cash, when the program gives points a cash value. */
  cashValue: z.nullable(Money),
  /** Points that expire in the next 30 days, soonest first. Always sent since v1.1. */
  expiring: z.optional(z.array(z.object({ points: PositivePoints, expiresAt: Timestamp }))),
  /** Order points in their return window, not yet in the balance, soonest first. Always sent since v1.1. */
  pending: z.optional(z.array(z.object({ points: PositivePoints, availableAt: Timestamp }))),
  pendingTotal: z.optional(PointsTotal),
  /** Points refunds took back that the balance could not cover; later earnings pay it first. Always sent since v1.2. */
  debt: z.optional(PointsTotal),
  /**
   * Points held by points-discount codes not used yet: not in `balance`; spent when the code is
   * used at checkout, back in the balance if it expires unused. Always sent since v1.4.
   */
  held: z.optional(PointsTotal),
});
export type PointsSummary = z.infer<typeof PointsSummary>;

export const TierStatus = z.object({
  current: z.nullable(Tier),
  next: z.nullable(Tier),
  progress: z.object({
    /** Points earned in the qualification window. */
    qualifyingPoints: PointsTotal,
    /** Points still needed for the next tier; null at the top tier. */
    remaining: z.nullable(PointsTotal),
    /** 0 to 1 between the current tier's threshold and the next one's; 1 at the top tier. */
    ratio: z.number(),
    /** Days of membership still needed for the next tier (its `minMemberDays`); 0: none. Always sent since v1.5. */
    memberDaysRemaining: z.optional(z.nullable(z.int())),
    /**
     * What reaching the next tier still takes, in words ("2 more orders and member for 30 more
     * days to reach Gold"), in the language asked for; null at the top tier. Always sent since v1.5.
     */
    message: z.optional(z.nullable(z.string())),
  }),
  /**
   * What `qualifyingPoints`, `remaining`, thresholds and `keep.remaining` count: points earned from
   * purchases, spend in the currency's minor units, or orders (since v1.5). Always sent since v1.3.
   */
  basis: z.optional(z.enum(['points', 'spend', 'orders'])),
  /**
   * What keeps the current tier past its qualification period; null without a tier or at a tier
   * that cannot be lost (threshold 0). Always sent since v1.3.
   */
  keep: z.optional(
    z.nullable(
      z.object({
        /** Still needed by `by` to keep the tier; 0 once it is kept. */
        remaining: PointsTotal,
        /** The end of the qualification period: the tier is re-evaluated then, and only then can it go down. */
        by: Timestamp,
        /** The same in words ("2 more orders by 1 Jan 2027 to keep Gold"). Always sent since v1.5. */
        message: z.optional(z.string()),
        /** The period's last day in the program's time zone (the day before `by` there): "by Dec 31, 2026". Since v1.5. */
        lastDay: z.optional(z.string()),
        /** Once kept, the last day the tier is held: the end of the next qualification period, in the program's time zone. Since v1.5. */
        keptThrough: z.optional(z.string()),
      }),
    ),
  ),
});
export type TierStatus = z.infer<typeof TierStatus>;

export const ReferralLink = z.object({ code: z.string(), url: z.string() });
export type ReferralLink = z.infer<typeof ReferralLink>;

/**
 * Where a member is in their life with the program, from their orders and the program's
 * thresholds: potential (no order yet), new, active, loyal, at_risk, churned.
 */
export const LIFECYCLE_STAGES = ['potential', 'new', 'active', 'loyal', 'at_risk', 'churned'] as const;
export const LifecycleStage = z.enum(LIFECYCLE_STAGES);
export type LifecycleStage = z.infer<typeof LifecycleStage>;

/** The member's daily check-in today, and what the next ones bring if the streak goes on (`GET /v1/me`'s `checkIn`). */
export const CheckInStatus = z.object({
  today: z.boolean(),
  streak: PointsTotal,
  /** What the next check-in earns: today's when not done yet, else tomorrow's. Always sent since v1.5. */
  nextPoints: z.optional(PointsTotal),
  /** Today's check-in (done) earned the streak bonus. Always sent since v1.5. */
  bonusToday: z.optional(z.boolean()),
  /**
   * The next check-in that earns the streak bonus if no day is missed: its date in the program's
   * time zone, how many check-ins away it is (1: the next one) and what it earns; null when the
   * program gives no bonus. Always sent since v1.5.
   */
  nextBonus: z.optional(z.nullable(z.object({ date: z.string(), checkIns: PositivePoints, points: PointsTotal }))),
});
export type CheckInStatus = z.infer<typeof CheckInStatus>;

export const Me = z.object({
  member: Member,
  points: PointsSummary,
  tier: TierStatus,
  referral: ReferralLink,
  /** Whether the member checked in today and the current streak; null when the program has no check-ins. Always sent since v1.2. */
  checkIn: z.optional(z.nullable(CheckInStatus)),
  /** The member's lifecycle stage now, e.g. to show a win-back offer to at_risk and churned members. Always sent since v1.3. */
  stage: z.optional(LifecycleStage),
});
export type Me = z.infer<typeof Me>;

export const ActivityType = z.enum([
  'order',
  'redemption',
  'adjustment',
  'expiry',
  'refund',
  'birthday',
  'check_in',
  'referral',
  // points held by a points-discount code (negative), or given back when it expired unused or
  // its order was refunded (positive). Since v1.4.
  'discount',
  // a tier change: 0 points, the balance unchanged
  'tier',
  // an action the merchant reported (a review, a follow…), by the program's action rules. Since v1.5.
  'action',
  // a lottery draw's cost (negative) and a points prize (positive). Since v1.5.
  'lottery',
]);
export type ActivityType = z.infer<typeof ActivityType>;

export const ActivityEntry = z.object({
  id: z.string(),
  type: ActivityType,
  /** Signed: positive earns, negative spends. */
  points: z.int(),
  /** The balance right after this entry. */
  balance: PointsTotal,
  description: z.string(),
  orderId: z.nullable(z.string()),
  /** The order's display label (`label` when it was recorded, e.g. `#1001`); null without one. Since v1.5. */
  orderLabel: z.optional(z.nullable(z.string())),
  redemptionId: z.nullable(Id),
  createdAt: Timestamp,
});
export type ActivityEntry = z.infer<typeof ActivityEntry>;
export const ActivityList = list(ActivityEntry);
export type ActivityList = z.infer<typeof ActivityList>;

// ---------- rewards ----------

export const Reward = z.object({
  id: Id,
  name: z.string(),
  description: z.nullable(z.string()),
  imageUrl: z.nullable(z.string()),
  cost: PositivePoints,
  /** Units left; null when unlimited. */
  stock: z.nullable(PointsTotal),
  perMemberLimit: z.nullable(z.int()),
  /** Only members at this tier or above may redeem. */
  tierId: z.nullable(Id),
  active: z.boolean(),
  /**
   * active (in the bazaar), disabled (`active: false`, can come back) or archived
   * (`DELETE /v1/rewards/{id}`: for good; codes already issued stay valid). Always sent since v1.4.
   */
  status: z.optional(z.enum(['active', 'disabled', 'archived'])),
  /** coupon, product, free_shipping or custom. Always sent since v1.4. */
  kind: z.optional(z.enum(['coupon', 'product', 'free_shipping', 'custom'])),
  /** A coupon's fixed money off; null otherwise. Always sent since v1.4. */
  value: z.optional(z.nullable(Money)),
  /** A coupon's percentage off; null otherwise. Always sent since v1.4. */
  percentOff: z.optional(z.nullable(z.int())),
  /**
   * The reward's texts by language (`{"zh-CN": {name, description}}`); `name` and `description`
   * above are in the language asked for with `?locale=` when translated. Always sent since v1.4.
   */
  translations: z.optional(
    z.record(z.string(), z.object({ name: z.optional(z.string()), description: z.optional(z.string()) })),
  ),
  /** When it was archived; null: it was not. Always sent since v1.4. */
  archivedAt: z.optional(z.nullable(Timestamp)),
  /** Days the codes it issues are valid; null: no expiry. Always sent since v1.4. */
  validDays: z.optional(z.nullable(z.int())),
  /** With a member token: whether this member can redeem it now. */
  redeemable: z.optional(z.boolean()),
  /** With a member token, when not redeemable: why. */
  reason: z.optional(IneligibleReason),
  /** With reason `insufficient_points`: how many more points are needed. */
  pointsNeeded: z.optional(PointsTotal),
});
export type Reward = z.infer<typeof Reward>;
export const RewardList = list(Reward);
export type RewardList = z.infer<typeof RewardList>;

export const RewardResponse = z.object({ reward: Reward });
export type RewardResponse = z.infer<typeof RewardResponse>;

// ---------- redemptions ----------

/** What a coupon is: redeemed for points, given by the merchant, or points as cash. */
export const CouponKind = z.enum(['reward', 'issued', 'points_discount']);
export type CouponKind = z.infer<typeof CouponKind>;

/** available: can be used; used: on an order; expired: past `expiresAt` unused; void: cancelled by the merchant. */
export const CouponStatus = z.enum(['available', 'used', 'expired', 'void']);
export type CouponStatus = z.infer<typeof CouponStatus>;

export const Redemption = z.object({
  id: Id,
  /** The reward; the nil UUID for a points discount (`kind: points_discount`). */
  rewardId: Id,
  rewardName: z.string(),
  /** Points spent (a points discount: held until used); 0 for a coupon the merchant gave. */
  points: PointsTotal,
  /** The coupon code the member uses at checkout. */
  code: z.string(),
  createdAt: Timestamp,
  /** Always sent since v1.4. */
  kind: z.optional(CouponKind),
  /** Always sent since v1.4. */
  status: z.optional(CouponStatus),
  /** Money off at checkout; null: what the reward describes. Always sent since v1.4. */
  value: z.optional(z.nullable(Money)),
  /** Until when the code can be used; null: no expiry. Always sent since v1.4. */
  expiresAt: z.optional(z.nullable(Timestamp)),
  /** When it was used at checkout; null: not used. Always sent since v1.4. */
  usedAt: z.optional(z.nullable(Timestamp)),
});
export type Redemption = z.infer<typeof Redemption>;
export const RedemptionList = list(Redemption);
export type RedemptionList = z.infer<typeof RedemptionList>;

export const RedeemResponse = z.object({
  redemption: Redemption,
  points: z.object({ balance: PointsTotal }),
});
export type RedeemResponse = z.infer<typeof RedeemResponse>;

/** `POST /v1/me/discounts`: the single-use money-off code, and the points left and held. */
export const DiscountResponse = z.object({
  redemption: Redemption,
  points: z.object({ balance: z.int(), held: PointsTotal }),
});
export type DiscountResponse = z.infer<typeof DiscountResponse>;

// ---------- referral ----------

export const Referral = z.object({
  code: z.string(),
  url: z.string(),
  stats: z.object({
    invited: PointsTotal,
    rewarded: PointsTotal,
    pointsEarned: PointsTotal,
  }),
});
export type Referral = z.infer<typeof Referral>;

// ---------- merchant ----------

export const CheckInResponse = z.object({
  /** The member's local day in the program's time zone (YYYY-MM-DD), the streak it makes and its points. */
  checkIn: z.object({
    date: z.string(),
    streak: PositivePoints,
    points: PointsTotal,
    /** These points include the streak bonus. Always sent since v1.5. */
    bonus: z.optional(z.boolean()),
  }),
  /** The member's check-in status right after, as `GET /v1/me` answers `checkIn`. Always sent since v1.5. */
  status: z.optional(CheckInStatus),
  points: z.object({ balance: z.int() }),
});
export type CheckInResponse = z.infer<typeof CheckInResponse>;

// ---------- bootstrap ----------

/**
 * `GET /v1/bootstrap`: what every widget's first paint needs, in one answer (one request and one
 * preflight per page view): the program, and for a member their summary, referral and the first
 * page of the bazaar with eligibility. A guest gets `me` and `referral` null.
 */
export const Bootstrap = z.object({
  program: Program,
  me: z.nullable(Me),
  referral: z.nullable(Referral),
  rewards: RewardList,
});
export type Bootstrap = z.infer<typeof Bootstrap>;
