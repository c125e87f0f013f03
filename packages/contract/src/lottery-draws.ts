import * as z from 'zod/mini';
import { DrawnPrize } from './lottery.js';
import { Redemption } from './responses.js';
import { Id, list, PointsTotal, PositivePoints, Timestamp } from './shapes.js';

/** One draw of the points lottery, with what makes it auditable: the random value and the table version. */
export const LotteryDraw = z.object({
  id: Id,
  createdAt: Timestamp,
  /** Points the draw cost. */
  cost: PositivePoints,
  /** The version of the prize table it drew from (`lottery.tableVersion`). */
  tableVersion: PositivePoints,
  /** The uniform random integer (`crypto.randomInt`): `value` in [0, outOf). See docs/api.md, Points lottery. */
  random: z.object({ value: PointsTotal, outOf: PositivePoints }),
  /** The prize the value fell on; differs from `prize.id` when that one was out of stock. */
  landedPrizeId: z.string(),
  prize: DrawnPrize,
  /** The code a coupon prize gave (in the coupons wallet too); null for the other kinds. */
  coupon: z.nullable(Redemption),
});
export type LotteryDraw = z.infer<typeof LotteryDraw>;

export const LotteryDrawList = list(LotteryDraw);
export type LotteryDrawList = z.infer<typeof LotteryDrawList>;

/** `POST /v1/me/lottery/draws`: the draw, the balance after it (cost taken, a points prize added) and the draws left today. */
export const LotteryDrawResponse = z.object({
  draw: LotteryDraw,
  points: z.object({ balance: z.int() }),
  /** null: no daily limit. */
  drawsLeftToday: z.nullable(PointsTotal),
});
export type LotteryDrawResponse = z.infer<typeof LotteryDrawResponse>;
