import { LotteryDrawList, LotteryDrawResponse, type Routes } from '@member-center/contract';
import type { RouteSpec } from './http.js';
import type { MemberCenterClient, PageOptions } from './types.js';

// The points lottery's member routes: functions over a client rather than its methods, so pages
// without <mc-lottery> (the member center among them) leave them and their schemas out.

type Spec<N extends keyof Routes> = Pick<Routes[N], 'method' | 'path' | 'response'>;
const DRAW = {
  method: 'POST',
  path: '/v1/me/lottery/draws',
  response: LotteryDrawResponse,
} as const satisfies Spec<'drawLottery'>;
const DRAWS = {
  method: 'GET',
  path: '/v1/me/lottery/draws',
  response: LotteryDrawList,
} as const satisfies Spec<'listLotteryDraws'>;

/**
 * Draws the points lottery once (`program.lottery`: cost, daily limit, prizes and odds). One
 * Idempotency-Key across its retries (pass one to retry a draw yourself): one draw, one debit.
 * Then the program (stock and odds), balance, bazaar, history and coupons reload for every
 * subscriber. Rejects with a 422 `lottery_not_running`, `limit_reached` (the daily limit),
 * `insufficient_points` or `out_of_stock`.
 */
export async function drawLottery(
  client: MemberCenterClient,
  { idempotencyKey = crypto.randomUUID() }: { idempotencyKey?: string } = {},
): Promise<LotteryDrawResponse> {
  const result = await client.send(DRAW as RouteSpec<LotteryDrawResponse>, {
    headers: { 'Idempotency-Key': idempotencyKey },
  });
  for (const key of ['program', 'me', 'rewards', 'activity', 'redemptions'] as const)
    void client.store.load(key, { force: true }).catch(() => undefined);
  return result;
}

/** The member's lottery draws, newest first. */
export const listLotteryDraws = (client: MemberCenterClient, { limit, cursor }: PageOptions = {}) =>
  client.send(DRAWS as RouteSpec<LotteryDrawList>, {
    searchParams: { limit: limit === undefined ? undefined : String(limit), cursor },
  });
