import * as z from 'zod/mini';

// Merchant-only request bodies of the loyalty rules. A module of their own: the browser
// client never imports it, so these schemas stay out of its bundle.

/** `PATCH /v1/program`: the rules a merchant tunes; omitted fields stay as they are. */
export const UpdateProgramBody = z.strictObject({
  /** Months after which earned points expire; null: never. Applies to points earned from now on. */
  pointsExpiryMonths: z.optional(z.nullable(z.int().check(z.minimum(1), z.maximum(120)))),
  /** Days an order's points stay pending before they can be spent; 0: none. Applies to new orders. */
  returnWindowDays: z.optional(z.int().check(z.minimum(0), z.maximum(365))),
  /**
   * How a refund's unrecoverable points show: false (default), the balance stops at 0 and the
   * rest shows as `debt`; true, the balance shown is net of the debt and may be negative.
   */
  allowNegativeBalance: z.optional(z.boolean()),
});
export type UpdateProgramBody = z.infer<typeof UpdateProgramBody>;
