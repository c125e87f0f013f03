import * as z from 'zod/mini';
import {
  Currency,
  Cursor,
  CustomerId,
  HttpUrl,
  Id,
  Limit,
  LocaleTag,
  MAX_AMOUNT,
  Multiplier,
  multilineText,
  OpaqueKey,
  Points,
  PositivePoints,
  Timestamp,
  text,
} from './primitives.js';
import { LIFECYCLE_STAGES } from './responses.js';

// What clients send: strict (unknown fields refused), every bound checked. The browser client
// never imports this module, so its schemas (URLs, emails, dates) stay out of browser bundles.

/** How long a coupon code is valid, in days. */
export const ValidDays = z.int().check(z.minimum(1), z.maximum(3650));

const httpUrl = HttpUrl;

/** What a reward is: a money-off coupon, a product, free shipping, or anything else the merchant describes. */
export const REWARD_KINDS = ['coupon', 'product', 'free_shipping', 'custom'] as const;
export const RewardKind = z.enum(REWARD_KINDS);

/** A coupon's fixed money off, in the program's currency (minor units, at least 1). */
const CouponValue = z.strictObject({ amount: z.int().check(z.minimum(1), z.maximum(MAX_AMOUNT)), currency: Currency });
/** A coupon's percentage off, 1–100. */
const PercentOff = z.int().check(z.minimum(1), z.maximum(100));

/**
 * Translations of a reward's texts by language tag, e.g. `{"zh-CN": {name: "10元优惠券"}}`;
 * `name` and `description` themselves are in the program's locale. At most 20 languages.
 */
export const RewardTranslations = z
  .record(LocaleTag, z.strictObject({ name: z.optional(text(200)), description: z.optional(multilineText(2000)) }))
  .check(z.refine((r) => Object.keys(r).length <= 20, 'at most 20 languages'));

/** `value` and `percentOff` describe a coupon, and a coupon has at most one of them. */
const couponTermsHold = (b: { kind?: string | undefined; value?: unknown; percentOff?: unknown }) =>
  (b.value == null && b.percentOff == null) ||
  ((b.kind ?? 'coupon') === 'coupon' && (b.value == null || b.percentOff == null));
const COUPON_TERMS = { message: 'value or percentOff (not both) go with kind coupon', path: ['kind'] };

export const CreateRewardBody = z
  .strictObject({
    name: text(200),
    description: z.optional(multilineText(2000)),
    imageUrl: z.optional(httpUrl),
    cost: PositivePoints,
    stock: z.optional(z.nullable(z.int().check(z.minimum(0), z.maximum(1_000_000_000)))),
    perMemberLimit: z.optional(z.nullable(z.int().check(z.minimum(1), z.maximum(1_000_000)))),
    tierId: z.optional(z.nullable(Id)),
    /** Default `custom`. */
    kind: z.optional(RewardKind),
    value: z.optional(z.nullable(CouponValue)),
    percentOff: z.optional(z.nullable(PercentOff)),
    translations: z.optional(RewardTranslations),
    /** Days the codes it issues stay valid; null or absent: no expiry. */
    validDays: z.optional(z.nullable(ValidDays)),
  })
  .check(z.refine(couponTermsHold, COUPON_TERMS));
export type CreateRewardBody = z.infer<typeof CreateRewardBody>;

export const UpdateRewardBody = z
  .strictObject({
    name: z.optional(text(200)),
    description: z.optional(z.nullable(multilineText(2000))),
    imageUrl: z.optional(z.nullable(httpUrl)),
    cost: z.optional(PositivePoints),
    stock: z.optional(z.nullable(z.int().check(z.minimum(0), z.maximum(1_000_000_000)))),
    perMemberLimit: z.optional(z.nullable(z.int().check(z.minimum(1), z.maximum(1_000_000)))),
    tierId: z.optional(z.nullable(Id)),
    active: z.optional(z.boolean()),
    kind: z.optional(RewardKind),
    value: z.optional(z.nullable(CouponValue)),
    percentOff: z.optional(z.nullable(PercentOff)),
    /** Replaces the translations (send `{}` to remove them all). */
    translations: z.optional(RewardTranslations),
    /** For codes issued from now on; codes already issued keep their expiry. */
    validDays: z.optional(z.nullable(ValidDays)),
  })
  .check(z.refine(couponTermsHold, COUPON_TERMS));
export type UpdateRewardBody = z.infer<typeof UpdateRewardBody>;

export const RedeemBody = z.strictObject({ rewardId: Id });
export type RedeemBody = z.infer<typeof RedeemBody>;

/** `POST /v1/me/discounts`: how many points to turn into money off (the program's rule says how many may). */
export const DiscountBody = z.strictObject({ points: PositivePoints });
export type DiscountBody = z.infer<typeof DiscountBody>;

export const UpsertMemberBody = z.strictObject({
  name: z.optional(z.nullable(text(200))),
  email: z.optional(z.nullable(z.email().check(z.maxLength(254)))),
  birthday: z.optional(z.nullable(z.iso.date())),
});
export type UpsertMemberBody = z.infer<typeof UpsertMemberBody>;

export const OrderBody = z.strictObject({
  orderId: OpaqueKey,
  /** The order's total; refunds are recorded as refunds, never as negative orders. */
  total: z.strictObject({ amount: z.int().check(z.minimum(0), z.maximum(MAX_AMOUNT)), currency: Currency }),
  /** What the shopper calls the order (the merchant's order number, e.g. `#1001`): shown in the member's history instead of the id. Since v1.5. */
  label: z.optional(text(64)),
});
export type OrderBody = z.infer<typeof OrderBody>;

export const RefundBody = z.strictObject({
  /** The merchant's id of this refund: a retry with the same id takes nothing twice. */
  refundId: OpaqueKey,
  /** What is refunded, in the order's currency; all refunds of an order add up to its total at most. */
  amount: z.strictObject({ amount: z.int().check(z.minimum(1), z.maximum(MAX_AMOUNT)), currency: Currency }),
});
export type RefundBody = z.infer<typeof RefundBody>;

const HoldoutShare = z.number().check(
  z.minimum(0),
  z.maximum(0.5),
  z.refine((n) => Math.abs(n * 100 - Math.round(n * 100)) < 1e-9, 'in hundredths (0.1, 0.25)'),
);

export const CreateCampaignBody = z.strictObject({
  name: text(200),
  /** Multiplies the order points (after the tier multiplier), e.g. 2 for double points. */
  multiplier: Multiplier,
  startsAt: Timestamp,
  endsAt: Timestamp,
  /** Only members at this tier or above. */
  tierId: z.optional(z.nullable(Id)),
  /** Only a member's first order in the program. */
  firstOrderOnly: z.optional(z.boolean()),
  /** Hold this share of members out (no bonus) to measure the effect: 0–0.5 in hundredths; default 0. */
  holdoutShare: z.optional(HoldoutShare),
});
export type CreateCampaignBody = z.infer<typeof CreateCampaignBody>;

/** Rename a campaign or move its end (e.g. to now, to end it early). */
export const UpdateCampaignBody = z.strictObject({
  name: z.optional(text(200)),
  endsAt: z.optional(Timestamp),
  /** A new holdout share; members the campaign has already seen keep their group. */
  holdoutShare: z.optional(HoldoutShare),
});
export type UpdateCampaignBody = z.infer<typeof UpdateCampaignBody>;

export const AdjustmentBody = z.strictObject({
  points: Points.check(z.refine((n) => n !== 0, 'must not be zero')),
  reason: text(500),
});
export type AdjustmentBody = z.infer<typeof AdjustmentBody>;

export const CustomerIdParam = z.strictObject({ customerId: CustomerId });
export const IdParam = z.strictObject({ id: Id });
export const OrderParams = z.strictObject({ customerId: CustomerId, orderId: OpaqueKey });

/**
 * `GET /v1/members` (merchant): a page of members, optionally only those in a lifecycle
 * `stage` and with the RFM scores in `rfm`: `R-F-M`, each `*` (any) or the scores wanted,
 * e.g. `5-5-*` or `45-*-1`. An `rfm` filter only matches members with an order.
 */
export const MemberListQuery = z.object({
  limit: Limit,
  cursor: Cursor,
  stage: z.optional(z.enum(LIFECYCLE_STAGES)),
  rfm: z.optional(
    z
      .string()
      .check(
        z.regex(
          /^(?:[1-5]{1,5}|\*)-(?:[1-5]{1,5}|\*)-(?:[1-5]{1,5}|\*)$/,
          'R-F-M, each * or scores from 1 to 5, e.g. 5-5-* or 45-*-1',
        ),
      ),
  ),
  /** Members whose customer id, email or name contains this text (any case). */
  q: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(200))),
  /** Members at this tier now. */
  tierId: z.optional(Id),
});
export type MemberListQuery = z.infer<typeof MemberListQuery>;

/** `?locale=zh-CN`: texts (reward and tier names, descriptions, benefits) in that language where translated. */
const locale = z.optional(LocaleTag);
export const LocaleQuery = z.object({ locale });

/**
 * `GET /v1/rewards`: a page of the bazaar (publishable key) or of the whole catalogue (secret
 * key; `status` filters it: active, disabled or archived).
 */
export const RewardListQuery = z.object({
  limit: Limit,
  cursor: Cursor,
  locale,
  status: z.optional(z.enum(['active', 'disabled', 'archived'])),
});
export type RewardListQuery = z.infer<typeof RewardListQuery>;
