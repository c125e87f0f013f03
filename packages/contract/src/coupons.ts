import * as z from 'zod/mini';
import { Currency, CustomerId, Id, MAX_AMOUNT, OpaqueKey } from './primitives.js';
import { ValidDays } from './requests.js';
import { CouponKind, CouponStatus, LIFECYCLE_STAGES } from './responses.js';
import { Money, Timestamp } from './shapes.js';

// Coupons at checkout are merchant-only (secret key): their bodies and answers live in a module
// the browser client never imports.

/**
 * A code as a shopper types it: letters and digits, any case, dashes or spaces anywhere
 * (`abcd efgh jkmn` finds `ABCD-EFGH-JKMN`).
 */
export const CouponCode = z
  .string()
  .check(z.minLength(1), z.maxLength(40), z.regex(/^[A-Za-z0-9 -]+$/, 'letters, digits, dashes and spaces only'));

export const CouponCodeParam = z.strictObject({ code: CouponCode });

/** `POST /v1/coupons/{code}/release`: the merchant's order. */
export const CouponOrderBody = z.strictObject({ orderId: OpaqueKey });
export type CouponOrderBody = z.infer<typeof CouponOrderBody>;

/**
 * `POST /v1/coupons/{code}/use`: the merchant's order, and optionally its total before the
 * discount, against which a points discount's `maxSharePercent` is checked.
 */
export const UseCouponBody = z.strictObject({
  orderId: OpaqueKey,
  orderTotal: z.optional(
    z.strictObject({ amount: z.int().check(z.minimum(0), z.maximum(MAX_AMOUNT)), currency: Currency }),
  ),
});
export type UseCouponBody = z.infer<typeof UseCouponBody>;

/**
 * `POST /v1/coupons`: a code of `rewardId` for one member (`customerId`, enrolled if new) or
 * for every member in a segment (`segment`: lifecycle stage, RFM scores, held tier; all that
 * are given must match). `batchKey` makes it idempotent: the same key and body issue nothing
 * twice and answer the same counts.
 */
export const IssueCouponsBody = z
  .strictObject({
    batchKey: OpaqueKey,
    rewardId: Id,
    customerId: z.optional(CustomerId),
    segment: z.optional(
      z.strictObject({
        stage: z.optional(z.enum(LIFECYCLE_STAGES)),
        rfm: z.optional(
          z
            .string()
            .check(z.regex(/^(?:[1-5]{1,5}|\*)-(?:[1-5]{1,5}|\*)-(?:[1-5]{1,5}|\*)$/, 'R-F-M, e.g. 5-5-* or 45-*-1')),
        ),
        tierId: z.optional(Id),
      }),
    ),
    /** Days the codes are valid; default the reward's `validDays` (null there: no expiry). */
    validDays: z.optional(ValidDays),
  })
  .check(
    z.refine((b) => (b.customerId === undefined) !== (b.segment === undefined), {
      message: 'give either customerId or segment',
      path: ['customerId'],
    }),
  );
export type IssueCouponsBody = z.infer<typeof IssueCouponsBody>;

// Answers check shapes, not formats (as in responses.ts).

/** A coupon as a checkout sees it. */
export const Coupon = z.object({
  code: z.string(),
  kind: CouponKind,
  /** `available` is the only status a checkout can use. */
  status: CouponStatus,
  /** The member the code belongs to. */
  customerId: z.string(),
  /** The reward it was issued for; null for a points discount. */
  reward: z.nullable(z.object({ id: Id, name: z.string() })),
  /** Money off; null: what the reward describes (a product, free shipping…). */
  value: z.nullable(Money),
  /** Points spent on it (a points discount: held until used; 0 for a merchant-issued code). */
  points: z.int(),
  /** null: never expires. */
  expiresAt: z.nullable(Timestamp),
  usedAt: z.nullable(Timestamp),
  /** The order it is used on; null unless `used`. */
  orderId: z.nullable(z.string()),
  createdAt: Timestamp,
});
export type Coupon = z.infer<typeof Coupon>;

export const CouponResponse = z.object({ coupon: Coupon });
export type CouponResponse = z.infer<typeof CouponResponse>;

export const IssueCouponsResponse = z.object({
  batchKey: z.string(),
  rewardId: Id,
  /** Members the filter (or customerId) matched. */
  matched: z.int(),
  /** Codes issued: one per matched member. */
  issued: z.int(),
  /** null: the codes do not expire. */
  expiresAt: z.nullable(Timestamp),
  /** With `customerId`: the code issued. */
  coupon: z.optional(Coupon),
});
export type IssueCouponsResponse = z.infer<typeof IssueCouponsResponse>;
