import * as z from 'zod/mini';
import { Id, PointsTotal, PositivePoints, Timestamp } from './shapes.js';

// The points lottery (积分抽奖) as members see it in `GET /v1/program`. Its own module, so the
// lottery's schemas are found in one place; the draws (lottery-draws.ts) add the coupon.

/** coupon: a code of the reward `rewardId`; points: `points` credited; nothing: no prize ("try again"). */
export const LotteryPrizeKind = z.enum(['coupon', 'points', 'nothing']);
export type LotteryPrizeKind = z.infer<typeof LotteryPrizeKind>;

/** A prize as a draw gives it. */
const drawnPrize = {
  /** The merchant's id of the prize in the table. */
  id: z.string(),
  kind: LotteryPrizeKind,
  /** In the program's language, or the one `?locale=` asks for. */
  label: z.string(),
  /** The label in other languages: `{"zh-CN": {label: "谢谢参与"}}`. */
  translations: z.optional(z.record(z.string(), z.object({ label: z.optional(z.string()) }))),
  /** The points a points prize credits; null for the other kinds. */
  points: z.nullable(PositivePoints),
};
export const DrawnPrize = z.object(drawnPrize);
export type DrawnPrize = z.infer<typeof DrawnPrize>;

/** A prize of the published table, with its odds now. */
export const LotteryPrize = z.object({
  ...drawnPrize,
  /** The reward whose code a coupon prize gives; null for the other kinds. */
  rewardId: z.nullable(Id),
  weight: PointsTotal,
  /** How many are left to give; null: no limit. */
  stock: z.nullable(PointsTotal),
  /** The chance (0–1) that the next draw gives this prize, by the table, its weights and the stock left. */
  probability: z.number(),
});
export type LotteryPrize = z.infer<typeof LotteryPrize>;

/** The lottery: what a draw costs, when it runs, the daily limit and the prize table with its odds. */
export const Lottery = z.object({
  /** Goes up by one with every change of the table; each draw records the version it drew from. */
  tableVersion: PositivePoints,
  cost: PositivePoints,
  startsAt: Timestamp,
  endsAt: Timestamp,
  /** True between startsAt (included) and endsAt (excluded). */
  running: z.boolean(),
  /** Draws per member per day (the program's time zone); null: no limit. */
  dailyLimit: z.nullable(PositivePoints),
  /** In the table's order (the order of the grid's cells). */
  prizes: z.array(LotteryPrize),
});
export type Lottery = z.infer<typeof Lottery>;
