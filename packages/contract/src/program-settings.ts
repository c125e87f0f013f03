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
  /** Days before points expire that the `points.expiring` webhook announces them (1–90). */
  expiryNoticeDays: z.optional(z.int().check(z.minimum(1), z.maximum(90))),
  /**
   * Lifecycle stage thresholds (days, and orders for loyal); omitted ones stay. After the
   * change `newDays` and `loyalWithinDays` must not exceed `atRiskDays`, which must be below
   * `churnedDays`. Stages follow at once: they are computed when asked for.
   */
  segments: z.optional(
    z.strictObject({
      newDays: z.optional(z.int().check(z.minimum(1), z.maximum(3650))),
      loyalMinOrders: z.optional(z.int().check(z.minimum(1), z.maximum(100_000))),
      loyalWithinDays: z.optional(z.int().check(z.minimum(1), z.maximum(3650))),
      atRiskDays: z.optional(z.int().check(z.minimum(1), z.maximum(3650))),
      churnedDays: z.optional(z.int().check(z.minimum(2), z.maximum(3660))),
    }),
  ),
  /**
   * Referral rewards and fraud rules; omitted fields stay. Points are given when a referee's
   * first order of at least `minOrderAmount` (minor units) is past its return window.
   * `weeklyLimit`: attributions per referrer in any 7 days (null: no cap); `ipLimit`:
   * attributions from one IP within `ipWindowMinutes` (null: no limit). Points and the
   * minimum apply to referrals rewarded from now on, limits to new attributions.
   */
  referral: z.optional(
    z.strictObject({
      referrerPoints: z.optional(z.int().check(z.minimum(0), z.maximum(1_000_000))),
      refereePoints: z.optional(z.int().check(z.minimum(0), z.maximum(1_000_000))),
      minOrderAmount: z.optional(z.int().check(z.minimum(0), z.maximum(1_000_000_000))),
      weeklyLimit: z.optional(z.nullable(z.int().check(z.minimum(1), z.maximum(100_000)))),
      ipLimit: z.optional(z.nullable(z.int().check(z.minimum(1), z.maximum(100_000)))),
      ipWindowMinutes: z.optional(z.int().check(z.minimum(1), z.maximum(10_080))),
    }),
  ),
  /**
   * How tiers qualify; omitted fields stay. `kind`: over the last `months` months (rolling_months,
   * 1–36) or the calendar year in the program's time zone (calendar_year); `months` goes with
   * rolling_months only. `basis`: purchase points, or spend in minor units net of refunds. Tiers
   * already held keep their period end; the new rule counts from the next upgrade or period end.
   */
  tierWindow: z.optional(
    z
      .strictObject({
        kind: z.optional(z.enum(['rolling_months', 'calendar_year'])),
        months: z.optional(z.int().check(z.minimum(1), z.maximum(36))),
        basis: z.optional(z.enum(['points', 'spend'])),
      })
      .check(
        z.refine((w) => w.months === undefined || w.kind === 'rolling_months', {
          message: 'months goes with kind rolling_months',
          path: ['months'],
        }),
      ),
  ),
  /**
   * Points as cash at checkout, valued at the program's `pointValue`: a member turns at least
   * `minPoints` (in multiples of `step`, default 1; at most `maxPoints`, null: no cap) into a
   * single-use code valid `validMinutes` (default 30), worth at most `maxSharePercent` of an order
   * (null or absent: no cap; checked when the checkout sends `orderTotal` with the use); null: not
   * offered. Applies to new codes; the share to every use from now on.
   */
  pointsDiscount: z.optional(
    z.nullable(
      z
        .strictObject({
          minPoints: z.int().check(z.minimum(1), z.maximum(1_000_000_000)),
          step: z.optional(z.int().check(z.minimum(1), z.maximum(1_000_000_000))),
          maxPoints: z.optional(z.nullable(z.int().check(z.minimum(1), z.maximum(1_000_000_000)))),
          validMinutes: z.optional(z.int().check(z.minimum(1), z.maximum(10_080))),
          maxSharePercent: z.optional(z.nullable(z.int().check(z.minimum(1), z.maximum(100)))),
        })
        .check(
          z.refine((d) => d.maxPoints == null || d.maxPoints >= d.minPoints, {
            message: 'maxPoints must be at least minPoints',
            path: ['maxPoints'],
          }),
        ),
    ),
  ),
});
export type UpdateProgramBody = z.infer<typeof UpdateProgramBody>;
