import * as z from 'zod/mini';

function isTimeZone(zone: string) {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

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
  /** The IANA time zone the program's days and months begin in (check-ins, birthdays), e.g. Asia/Shanghai. */
  timeZone: z.optional(
    z.string().check(z.maxLength(64), z.refine(isTimeZone, 'must be an IANA time zone such as Asia/Shanghai')),
  ),
  /** Points given once a year in the member's birthday month; 0: none. */
  birthdayPoints: z.optional(z.int().check(z.minimum(0), z.maximum(1_000_000))),
  /**
   * Daily check-ins: `points` a day, and `bonusPoints` more on every `bonusDay`-th day of a
   * streak (default day 7, bonus 0); null: no check-ins. Applies from the next check-in.
   */
  checkIn: z.optional(
    z.nullable(
      z.strictObject({
        points: z.int().check(z.minimum(1), z.maximum(1_000_000)),
        bonusDay: z.optional(z.int().check(z.minimum(2), z.maximum(365))),
        bonusPoints: z.optional(z.int().check(z.minimum(0), z.maximum(1_000_000))),
      }),
    ),
  ),
});
export type UpdateProgramBody = z.infer<typeof UpdateProgramBody>;
