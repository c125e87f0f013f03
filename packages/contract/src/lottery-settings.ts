import * as z from 'zod/mini';
import { Id, LocaleTag, Timestamp, text } from './primitives.js';

// `PATCH /v1/program {lottery}`: merchant-only, like the other settings (program-settings.ts).

const distinct = <T>(values: T[]) => new Set(values).size === values.length;

/** A prize of the table. */
export const LotteryPrizeSetting = z
  .strictObject({
    /** The merchant's id for the prize, unique in the table: letters, digits, _ and -. */
    id: z.string().check(z.minLength(1), z.maxLength(40), z.regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, _ and -')),
    kind: z.enum(['coupon', 'points', 'nothing']),
    /** coupon: the reward whose code it gives (issued as POST /v1/coupons issues one). */
    rewardId: z.optional(Id),
    /** points: the points it credits. */
    points: z.optional(z.int().check(z.minimum(1), z.maximum(1_000_000))),
    /** Relative chance: the prize's share of the table's total weight. 0: never drawn. */
    weight: z.int().check(z.minimum(0), z.maximum(1_000_000)),
    /** How many can be given from now on; null or absent: no limit. Not for `nothing`. */
    stock: z.optional(z.nullable(z.int().check(z.minimum(0), z.maximum(1_000_000_000)))),
    /** What the grid shows, in the program's language. */
    label: text(60),
    translations: z.optional(
      z
        .record(LocaleTag, z.strictObject({ label: text(60) }))
        .check(z.refine((r) => Object.keys(r).length <= 20, 'at most 20 languages')),
    ),
  })
  .check(
    z.refine((p) => (p.kind === 'coupon') === (p.rewardId !== undefined), {
      message: 'rewardId goes with kind coupon, and a coupon needs one',
      path: ['rewardId'],
    }),
    z.refine((p) => (p.kind === 'points') === (p.points !== undefined), {
      message: 'points goes with kind points, and a points prize needs it',
      path: ['points'],
    }),
    z.refine((p) => p.kind !== 'nothing' || p.stock == null, {
      message: 'a nothing prize has no stock',
      path: ['stock'],
    }),
  );
export type LotteryPrizeSetting = z.infer<typeof LotteryPrizeSetting>;

/**
 * The points lottery (积分抽奖), replacing the one there (a new table version): a draw costs
 * `cost` points between `startsAt` and `endsAt`, at most `dailyLimit` a member a day (null or
 * absent: no limit), and gives one of 1–8 prizes (the 九宫格's eight cells) by weight and stock.
 */
export const LotterySetting = z
  .strictObject({
    cost: z.int().check(z.minimum(1), z.maximum(1_000_000)),
    startsAt: Timestamp,
    endsAt: Timestamp,
    dailyLimit: z.optional(z.nullable(z.int().check(z.minimum(1), z.maximum(1000)))),
    prizes: z.array(LotteryPrizeSetting).check(
      z.minLength(1),
      z.maxLength(8),
      z.refine((ps) => distinct(ps.map((p) => p.id)), 'each prize id once'),
      z.refine((ps) => ps.some((p) => p.weight > 0), 'at least one prize with a weight above 0'),
    ),
  })
  .check(
    z.refine((l) => Date.parse(l.endsAt) > Date.parse(l.startsAt), {
      message: 'endsAt must be after startsAt',
      path: ['endsAt'],
    }),
  );
export type LotterySetting = z.infer<typeof LotterySetting>;
