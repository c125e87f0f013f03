import * as z from 'zod/mini';
import { Consents } from './member-answers.js';
import { LifecycleStage, Member, PointsSummary, ReferralLink, TierStatus } from './responses.js';
import { Id, list, Money, PointsTotal, Timestamp } from './shapes.js';

// Answers only the merchant's backend reads (secret key): a module of their own, so the browser
// client, which never imports them, leaves them out of its bundle.

export const MemberRecord = z.object({
  member: Member,
  points: PointsSummary,
  tier: TierStatus,
  referral: ReferralLink,
  /** The member's lifecycle stage now. Always sent since v1.3. */
  stage: z.optional(LifecycleStage),
  /** Marketing consent per channel, as last recorded (message only members who agreed). Always sent since v1.5. */
  consents: z.optional(Consents),
});
export type MemberRecord = z.infer<typeof MemberRecord>;

/** RFM scores, 1 (lowest fifth of the program's buyers) to 5 (highest fifth). */
export const RfmScores = z.object({ r: z.int(), f: z.int(), m: z.int() });
export type RfmScores = z.infer<typeof RfmScores>;

/** The program's lifecycle thresholds (`PATCH /v1/program {segments}`). */
export const SegmentRules = z.object({
  /** A member whose first order is less than this many days old is new. */
  newDays: z.int(),
  /** Loyal: at least this many orders… */
  loyalMinOrders: z.int(),
  /** …and the last one less than this many days ago. */
  loyalWithinDays: z.int(),
  /** At risk: no order for this many days. */
  atRiskDays: z.int(),
  /** Churned: no order for this many days. */
  churnedDays: z.int(),
});
export type SegmentRules = z.infer<typeof SegmentRules>;

/** `GET /v1/segments`: how many members are in each lifecycle stage and RFM score, now. */
export const Segments = z.object({
  asOf: Timestamp,
  /** All members of the program. */
  members: PointsTotal,
  /** Every stage, in lifecycle order, with its member count (0 included). */
  stages: z.array(z.object({ stage: LifecycleStage, members: PointsTotal })),
  rfm: z.object({
    /** Members with at least one order: the population the quintiles are taken over. */
    scored: PointsTotal,
    /** Members per recency score: index 0 is score 1, index 4 score 5. */
    recency: z.array(PointsTotal),
    frequency: z.array(PointsTotal),
    monetary: z.array(PointsTotal),
    /** The non-empty (r, f, m) cells, highest scores first. */
    cells: z.array(z.object({ r: z.int(), f: z.int(), m: z.int(), members: PointsTotal })),
  }),
  rules: SegmentRules,
});
export type Segments = z.infer<typeof Segments>;

/** A member in `GET /v1/members`: the profile, the stage and RFM scores, and the orders behind them. */
export const SegmentMember = z.object({
  member: Member,
  stage: LifecycleStage,
  /** Null until the member's first order. */
  rfm: z.nullable(RfmScores),
  orders: z.object({
    /** Orders not fully refunded. */
    count: PointsTotal,
    /** Their totals minus refunds. */
    netSpend: Money,
    firstAt: z.nullable(Timestamp),
    lastAt: z.nullable(Timestamp),
  }),
});
export type SegmentMember = z.infer<typeof SegmentMember>;
export const SegmentMemberList = list(SegmentMember);
export type SegmentMemberList = z.infer<typeof SegmentMemberList>;

export const Campaign = z.object({
  id: Id,
  name: z.string(),
  multiplier: z.number(),
  startsAt: Timestamp,
  endsAt: Timestamp,
  tierId: z.nullable(Id),
  firstOrderOnly: z.boolean(),
  createdAt: Timestamp,
  /** The share of members held out (no campaign bonus) to measure its effect, 0–0.5. Always sent since v1.5. */
  holdoutShare: z.optional(z.number()),
});
export type Campaign = z.infer<typeof Campaign>;
export const CampaignList = list(Campaign);
export type CampaignList = z.infer<typeof CampaignList>;
export const CampaignResponse = z.object({ campaign: Campaign });
export type CampaignResponse = z.infer<typeof CampaignResponse>;

export const OrderResponse = z.object({
  pointsAwarded: PointsTotal,
  /** The campaign that multiplied these points, when one did. */
  campaign: z.optional(z.object({ id: Id, name: z.string(), multiplier: z.number() })),
  /** When the points join the balance, if the program holds them for its return window. */
  pendingUntil: z.optional(Timestamp),
  points: z.object({ balance: PointsTotal }),
});
export type OrderResponse = z.infer<typeof OrderResponse>;

export const RefundResponse = z.object({
  pointsClawedBack: PointsTotal,
  points: z.object({ balance: z.int() }),
  debt: PointsTotal,
});
export type RefundResponse = z.infer<typeof RefundResponse>;

export const BalanceResponse = z.object({ points: z.object({ balance: PointsTotal }) });
export type BalanceResponse = z.infer<typeof BalanceResponse>;

/** Orders, spend and points of a span of time (`GET /v1/campaigns/{id}/results`). */
export const SpanFigures = z.object({
  from: Timestamp,
  to: Timestamp,
  orders: PointsTotal,
  /** Order totals in the span, minor units (refunds not taken off). */
  spend: Money,
  /** Points the span's orders earned. */
  points: PointsTotal,
  /** Members with at least one order in the span. */
  activeMembers: PointsTotal,
});
export type SpanFigures = z.infer<typeof SpanFigures>;

/** One arm of a campaign's holdout test: totals, and per member (zeros included). */
export const CampaignArm = z.object({
  members: PointsTotal,
  orders: PointsTotal,
  spend: Money,
  points: PointsTotal,
  ordersPerMember: z.number(),
  /** Minor units per member (a fraction of a minor unit kept). */
  spendPerMember: z.number(),
  pointsPerMember: z.number(),
});
export type CampaignArm = z.infer<typeof CampaignArm>;

export const CampaignResults = z.object({
  campaign: Campaign,
  /** The campaign's span so far ([startsAt, min(endsAt, now))) and the same length just before it. */
  during: SpanFigures,
  before: SpanFigures,
  /** Treated vs held out over the campaign's span; null when it holds no one out or either arm is empty. */
  holdout: z.nullable(
    z.object({
      treated: CampaignArm,
      heldOut: CampaignArm,
      /**
       * Spend per member, treated minus held out (minor units), with a 95 % Welch confidence
       * interval; `relative`: the same over the held-out mean (null when that is 0).
       */
      lift: z.object({
        spendPerMember: z.number(),
        low: z.number(),
        high: z.number(),
        relative: z.nullable(z.number()),
        relativeLow: z.nullable(z.number()),
        relativeHigh: z.nullable(z.number()),
        /** Welch–Satterthwaite degrees of freedom; null when a variance is 0 in both arms. */
        df: z.nullable(z.number()),
        /** The interval excludes 0. */
        significant: z.boolean(),
      }),
      /** Orders and points per member, treated minus held out. */
      ordersLift: z.number(),
      pointsLift: z.number(),
    }),
  ),
});
export type CampaignResults = z.infer<typeof CampaignResults>;
