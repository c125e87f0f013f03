import { LotteryDrawList, LotteryDrawResponse } from '@member-center/contract';
import { routeSpec } from './route-spec.js';
import type { MemberCenterClient, PageOptions } from './types.js';

// The points lottery's member routes: functions over a client rather than its methods, so pages
// without <mc-lottery> (the member center among them) leave them and their schemas out.

const DRAW = routeSpec<'drawLottery'>({ method: 'POST', path: '/v1/me/lottery/draws', response: LotteryDrawResponse });
const DRAWS = routeSpec<'listLotteryDraws'>({ method: 'GET', path: '/v1/me/lottery/draws', response: LotteryDrawList });

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
  const result = await client.send(DRAW, {
    headers: { 'Idempotency-Key': idempotencyKey },
  });
  for (const key of ['program', 'me', 'rewards', 'activity', 'redemptions'] as const)
    void client.store.load(key, { force: true }).catch(() => undefined);
  return result;
}

/** The member's lottery draws, newest first. */
export const listLotteryDraws = (client: MemberCenterClient, { limit, cursor }: PageOptions = {}) =>
  client.send(DRAWS, {
    searchParams: { limit: limit === undefined ? undefined : String(limit), cursor },
  });
