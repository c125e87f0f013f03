import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  backend,
  closeChecked,
  DEFAULT_PROGRAM,
  order,
  refunded,
  startTestApi,
  type TestApi,
  type TestClock,
  testClock,
} from './harness.js';

interface TierView {
  tier: {
    current: { name: string } | null;
    next: { name: string; minMemberDays: number } | null;
    basis: string;
    progress: {
      qualifyingPoints: number;
      remaining: number | null;
      memberDaysRemaining: number | null;
      message: string | null;
    };
    keep: { remaining: number; message: string } | null;
  };
}

describe(`tiers by orders and by membership age (${backend})`, () => {
  let api: TestApi;
  let clock: TestClock;
  const me = async (customerId: string, locale?: string) =>
    (
      (await (
        await api.browser(`/v1/me${locale ? `?locale=${locale}` : ''}`, { token: await api.token(customerId) })
      ).json()) as TierView
    ).tier;
  before(async () => {
    // Members join at the database's clock: the test clock starts just after it.
    clock = testClock(new Date(Date.now() + 300_000).toISOString());
    api = await startTestApi(
      {
        ...DEFAULT_PROGRAM,
        tierWindow: { kind: 'rolling_months', months: 12, basis: 'orders' },
        tiers: [
          { name: 'Member', threshold: 0 },
          { name: 'Regular', threshold: 3, multiplierPercent: 125 },
          { name: 'VIP', threshold: 5, multiplierPercent: 150, minMemberDays: 30 },
        ],
      },
      { clock },
    );
  });
  after(() => closeChecked(api));

  it('counts orders in the window and says how many more are needed', async () => {
    await order(api, 'ann', 'a-1', 10);
    let tier = await me('ann');
    assert.equal(tier.basis, 'orders');
    assert.deepEqual([tier.current?.name, tier.progress.qualifyingPoints, tier.progress.remaining], ['Member', 1, 2]);
    assert.equal(tier.progress.message, '2 more orders to reach Regular');
    assert.equal((await me('ann', 'zh-CN')).progress.message, '再下 2 单即可升级为Regular');
    // An order refunded whole does not count; a partly refunded one does.
    await order(api, 'ann', 'a-2', 10);
    await refunded(api, 'ann', 'a-2', 'r-2', 1000);
    await order(api, 'ann', 'a-3', 10);
    await refunded(api, 'ann', 'a-3', 'r-3', 500);
    tier = await me('ann');
    assert.deepEqual([tier.progress.qualifyingPoints, tier.progress.message], [2, '1 more order to reach Regular']);
    await order(api, 'ann', 'a-4', 10);
    tier = await me('ann');
    assert.equal(tier.current?.name, 'Regular', 'the third counted order reaches Regular at once');
    assert.equal(tier.keep?.remaining, 3);
    assert.match(tier.keep!.message, /^3 more orders by .+ to keep Regular$/);
  });

  it('a tier with a membership age opens when the member is old enough, with no order needed', async () => {
    for (let i = 1; i <= 5; i++) await order(api, 'bo', `b-${i}`, 10);
    let tier = await me('bo');
    assert.equal(tier.current?.name, 'Regular', 'five orders, but a member of 0 days');
    assert.deepEqual([tier.next?.name, tier.next?.minMemberDays], ['VIP', 30]);
    assert.deepEqual([tier.progress.remaining, tier.progress.memberDaysRemaining], [0, 30]);
    assert.equal(tier.progress.message, 'member for 30 more days to reach VIP');
    assert.equal((await me('bo', 'zh-CN')).progress.message, '再做会员 30 天即可升级为VIP');
    assert.equal((await order(api, 'bo', 'b-6', 100)).pointsAwarded, 125, 'still earning at Regular');

    clock.advance(29);
    tier = await me('bo');
    assert.deepEqual([tier.current?.name, tier.progress.message], ['Regular', 'member for 1 more day to reach VIP']);
    clock.advance(1);
    tier = await me('bo');
    assert.equal(tier.current?.name, 'VIP', 'reviewed when the tenure instant came due');
    assert.equal(tier.next, null);
    assert.equal(tier.progress.message, null);
    assert.equal((await order(api, 'bo', 'b-7', 100)).pointsAwarded, 150);

    // Age alone is not enough: ann (30 days a member now, 3 orders) needs 2 more orders.
    tier = await me('ann');
    assert.deepEqual([tier.current?.name, tier.progress.message], ['Regular', '2 more orders to reach VIP']);
  });

  it('PATCH /v1/program takes minMemberDays and the orders basis; bad values are a 400', async () => {
    const program = await (await api.browser('/v1/program')).json();
    assert.deepEqual(
      program.tiers.map((t: { name: string; minMemberDays: number }) => [t.name, t.minMemberDays]),
      [
        ['Member', 0],
        ['Regular', 0],
        ['VIP', 30],
      ],
    );
    const tiers = program.tiers.map((t: { id: string; name: string; threshold: number }) => ({
      id: t.id,
      name: t.name,
      threshold: t.threshold,
      minMemberDays: t.name === 'VIP' ? 60 : 0,
    }));
    const ok = await api.merchant('/v1/program', { method: 'PATCH', json: { tiers } });
    assert.equal(ok.status, 200, await ok.clone().text());
    assert.equal((await ok.json()).tiers[2].minMemberDays, 60);
    for (const bad of [
      { tiers: [{ name: 'X', threshold: 0, minMemberDays: -1 }] },
      { tiers: [{ name: 'X', threshold: 0, minMemberDays: 4000 }] },
      { tierWindow: { basis: 'visits' } },
    ]) {
      assert.equal(
        (await api.merchant('/v1/program', { method: 'PATCH', json: bad })).status,
        400,
        JSON.stringify(bad),
      );
    }
    assert.equal((await me('bo')).current?.name, 'VIP', 'a held tier is not taken away by a longer age rule');
  });
});
