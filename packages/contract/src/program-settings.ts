import * as z from 'zod/mini';
import { ActionRulesSetting } from './actions.js';
import { LotterySetting } from './lottery-settings.js';
import { Currency, HttpUrl, Id, LocaleTag, MAX_AMOUNT, Multiplier, text } from './primitives.js';

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

const isOrigin = (o: string) => URL.canParse(o) && /^https?:$/.test(new URL(o).protocol) && new URL(o).origin === o;

/** A browser origin: scheme, host and port only, e.g. https://shop.example.com. */
const Origin = z
  .string()
  .check(z.maxLength(2048), z.refine(isOrigin, 'an origin such as https://shop.example.com (no path, no slash)'));

const distinct = <T>(values: T[]) => new Set(values).size === values.length;

/** A tier of the ladder in `PATCH /v1/program {tiers}`; with `id` an existing tier, without a new one. */
export const TierSetting = z.strictObject({
  id: z.optional(Id),
  name: text(100),
  /** Progress (points, spend or orders, see tierWindow.basis) that reaches this tier; 0: everyone's first tier. */
  threshold: z.int().check(z.minimum(0), z.maximum(MAX_AMOUNT)),
  /** Earn multiplier, 1–100 in hundredths (1.25: a quarter more); default 1. */
  multiplier: z.optional(Multiplier),
  /** Days of membership this tier also needs (0–3650, default 0): reached only once a member is this old. */
  minMemberDays: z.optional(z.int().check(z.minimum(0), z.maximum(3650))),
  benefits: z.optional(z.array(text(200)).check(z.maxLength(20))),
  /** The name and benefits in other languages, e.g. `{"zh-CN": {name: "银卡", benefits: ["1.25倍积分"]}}`. */
  translations: z.optional(
    z
      .record(
        LocaleTag,
        z.strictObject({
          name: z.optional(text(100)),
          benefits: z.optional(z.array(text(200)).check(z.maxLength(20))),
        }),
      )
      .check(z.refine((r) => Object.keys(r).length <= 20, 'at most 20 languages')),
  ),
});
export type TierSetting = z.infer<typeof TierSetting>;

/** `PATCH /v1/program`: the settings and rules a merchant tunes; omitted fields stay as they are. */
export const UpdateProgramBody = z.strictObject({
  /** The program's name, as members see it. */
  name: z.optional(text(200)),
  /** The merchant's shop; null: none. */
  siteUrl: z.optional(z.nullable(HttpUrl)),
  /** Where a guest signs up, and where they log in, on the merchant's site (the guest states link there); null: none. */
  joinUrl: z.optional(z.nullable(HttpUrl)),
  loginUrl: z.optional(z.nullable(HttpUrl)),
  /** The browser origins the publishable key is accepted from (CORS); replaces the list. At most 50. */
  allowedOrigins: z.optional(z.array(Origin).check(z.maxLength(50), z.refine(distinct, 'each origin once'))),
  /** The language of the program's own texts (names, descriptions, benefits), e.g. en or zh-CN. */
  locale: z.optional(LocaleTag),
  /** Points an order earns per whole currency unit (¥1), before multipliers; 0–10,000. Applies to new orders. */
  pointsPerUnit: z.optional(z.int().check(z.minimum(0), z.maximum(10_000))),
  /** Points as cash: `points` (1–1,000,000) points are worth `value` (the program's currency, 1–1,000,000 minor units); null: points are not cash. */
  pointValue: z.optional(
    z.nullable(
      z.strictObject({
        points: z.int().check(z.minimum(1), z.maximum(1_000_000)),
        // Up to 1,000,000 minor units per bundle, so a balance's cash value stays an exact integer.
        value: z.strictObject({ amount: z.int().check(z.minimum(1), z.maximum(1_000_000)), currency: Currency }),
      }),
    ),
  ),
  /**
   * The whole tier ladder, replacing the one there: a tier with an `id` keeps its members and
   * is changed (renamed, moved, re-weighted), one without is created, and a tier left out is
   * removed (see docs/api.md, Tier settings). Thresholds are distinct; at most 20 tiers.
   */
  tiers: z.optional(
    z.array(TierSetting).check(
      z.maxLength(20),
      z.refine((t) => distinct(t.map((x) => x.threshold)), 'each threshold once'),
      z.refine((t) => distinct(t.flatMap((x) => (x.id ? [x.id] : []))), 'each tier id once'),
    ),
  ),
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
   * rolling_months only. `basis`: purchase points, spend in minor units net of refunds, or orders (not refunded whole). Tiers
   * already held keep their period end; the new rule counts from the next upgrade or period end.
   */
  tierWindow: z.optional(
    z
      .strictObject({
        kind: z.optional(z.enum(['rolling_months', 'calendar_year'])),
        months: z.optional(z.int().check(z.minimum(1), z.maximum(36))),
        basis: z.optional(z.enum(['points', 'spend', 'orders'])),
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
  /**
   * Ways to earn by actions the merchant's backend reports (`POST /v1/members/{customerId}/actions`):
   * the whole list, replacing the one there (each type once, at most 30). Applies to actions
   * reported from now on; one left out earns nothing more (its past actions stay).
   */
  actions: z.optional(ActionRulesSetting),
  /**
   * The points lottery (积分抽奖): cost, start and end, daily limit and the prize table, replacing
   * the one there (the table version goes up); null: no lottery. See docs/api.md, Points lottery.
   */
  lottery: z.optional(z.nullable(LotterySetting)),
});
export type UpdateProgramBody = z.infer<typeof UpdateProgramBody>;
