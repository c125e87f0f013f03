import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { Stats } from '@member-center/contract';
import { createProgram } from '../src/commands/program.js';
import { sweepMembers } from '../src/member-state/sweep.js';
import {
  backend,
  closeChecked,
  createReward,
  DEFAULT_PROGRAM,
  memberView,
  order,
  redeemed,
  refunded,
  startTestApi,
  type TestApi,
  type TestClock,
  testClock,
} from './harness.js';

const stats = async (api: TestApi, query = '') => {
  const res = await api.merchant(`/v1/stats${query}`);
  assert.equal(res.status, 200, await res.clone().text());
  return (await res.json()) as Stats;
};

const adjust = async (api: TestApi, customerId: string, points: number) => {
  const res = await api.merchant(`/v1/members/${customerId}/adjustments`, {
    method: 'POST',
    headers: { 'Idempotency-Key': randomUUID() },
    json: { points, reason: 'stats test' },
  });
  assert.equal(res.status, 201, await res.clone().text());
};

/** Enrols a member at `iso`: members are stamped by the database's clock, not the app's, so the test sets it. */
const enrolled = async (api: TestApi, customerId: string, iso: string) => {
  await api.merchant(`/v1/members/${customerId}`, { method: 'PUT', json: {} });
  await api.db.query('UPDATE members SET created_at = $2 WHERE customer_id = $1', [customerId, iso]);
};

// Asia/Shanghai is UTC+8 all year: local midnight starting 6 January is 2026-01-05T16:00:00Z.
describe(`GET /v1/stats (${backend})`, () => {
  let api: TestApi;
  let clock: TestClock;
  let mug: { id: string };
  before(async () => {
    clock = testClock('2026-01-05T15:59:00Z');
    api = await startTestApi(
      // 3 points are worth ¥0.02: the liability is rounded down.
      { ...DEFAULT_PROGRAM, cashPoints: 3, cashMinor: 2, pointsExpiryMonths: 1, timeZone: 'Asia/Shanghai' },
      { clock },
    );
    mug = await createReward(api, { name: 'Mug', cost: 40 });

    // 5 January 23:59 local: ann joins and orders ¥100.
    await enrolled(api, 'ann', '2026-01-05T15:59:00Z');
    await order(api, 'ann', 'a1', 100);
    // 6 January 00:00 local: bob joins and orders three times (¥50, ¥30, ¥20).
    clock.set('2026-01-05T16:00:00Z');
    await enrolled(api, 'bob', '2026-01-05T16:00:00Z');
    await order(api, 'bob', 'b1', 50);
    await order(api, 'bob', 'b2', 30);
    await order(api, 'bob', 'b3', 20);
    // 7 January noon local: cat joins (no order) and is given 20 points; ann orders ¥10,
    // redeems the mug (40) and loses 10 by hand; bob's ¥30 order is refunded in full.
    clock.set('2026-01-07T04:00:00Z');
    await enrolled(api, 'cat', '2026-01-07T04:00:00Z');
    await adjust(api, 'cat', 20);
    await order(api, 'ann', 'a2', 10);
    await redeemed(api, 'ann', mug.id);
    await adjust(api, 'ann', -10);
    assert.equal((await refunded(api, 'bob', 'b2', 'b2-r', 3000)).pointsClawedBack, 30);
    // 7 January 23:59:59 local, the last moment of the day: bob checks nothing in, but an order
    // at that instant still belongs to the 7th.
    clock.set('2026-01-07T15:59:59Z');
    await order(api, 'bob', 'b4', 5);
  });
  after(() => closeChecked(api));

  it('counts two local days exactly, leaving out the minute before and the day after', async () => {
    clock.set('2026-01-08T02:00:00Z');
    const s = await stats(api, '?from=2026-01-06&to=2026-01-07');
    assert.deepEqual(s.range, {
      from: '2026-01-06',
      to: '2026-01-07',
      timeZone: 'Asia/Shanghai',
      startsAt: '2026-01-05T16:00:00.000Z',
      endsAt: '2026-01-07T16:00:00.000Z',
    });
    // b1 50 + b2 30 + b3 20 + a2 10 + b4 5 + cat's 20; not a1 (5 January 23:59 local).
    assert.deepEqual(s.points, {
      issued: 135,
      redeemed: 40,
      expired: 0,
      clawedBack: 30,
      adjustedDown: 10,
      // ann 100 + 10 − 40 − 10, bob 50 + 30 + 20 − 30 + 5, cat 20
      outstanding: 60 + 75 + 20,
      pending: 0,
      debt: 0,
    });
    // bob and cat joined in the range, ann the minute before it.
    assert.equal(s.members.total, 3);
    assert.equal(s.members.new, 2);
    // bob ordered, ann ordered and redeemed; cat was only given points.
    assert.deepEqual(s.members.active, { last30Days: 2, inRange: 2 });
    // b2 was refunded in full: bob has b1, b3 and b4, ann a2.
    assert.deepEqual(s.orders, { count: 4, buyers: 2, repeatBuyers: 1, repeatPurchaseRate: 0.5 });
    assert.deepEqual(s.redemptionRate, { points: 40 / 135, members: 1 / 3 });
    assert.deepEqual(s.rewards, {
      redemptions: 1,
      redeemers: 1,
      top: [{ rewardId: mug.id, name: 'Mug', redemptions: 1, points: 40, redeemers: 1 }],
    });
    // ann's redemption issued one code, still unused and without expiry.
    assert.deepEqual(s.coupons, {
      issued: 1,
      used: 0,
      expired: 0,
      void: 0,
      byReward: [{ rewardId: mug.id, rewardName: 'Mug', issued: 1, used: 0, expired: 0, void: 0 }],
    });
    assert.deepEqual(s.liability, {
      points: 155,
      value: { amount: 103, currency: 'CNY' }, // 155 × 2 / 3 = 103.33
      pointValue: { points: 3, value: { amount: 2, currency: 'CNY' } },
    });
    assert.equal(s.series, null, 'no interval, no series');

    const day5 = await stats(api, '?from=2026-01-05&to=2026-01-05');
    assert.equal(day5.points.issued, 100, 'a1, at 23:59 local, is the 5th');
    assert.equal(day5.members.new, 1);
    const day8 = await stats(api, '?from=2026-01-08&to=2026-01-08');
    assert.equal(day8.points.issued, 0, 'b4, at 23:59:59 local on the 7th, is not the 8th');
    assert.equal(day8.orders.count, 0);
    assert.deepEqual(day8.redemptionRate, { points: null, members: 0 }, 'nothing issued: no points rate');
  });

  it('cuts the range into local days, ISO weeks and months', async () => {
    const days = await stats(api, '?from=2026-01-05&to=2026-01-08&interval=day');
    assert.deepEqual(days.series, {
      interval: 'day',
      buckets: [
        { from: '2026-01-05', to: '2026-01-05', newMembers: 1, activeMembers: 1, issued: 100, redeemed: 0, expired: 0 },
        { from: '2026-01-06', to: '2026-01-06', newMembers: 1, activeMembers: 1, issued: 100, redeemed: 0, expired: 0 },
        { from: '2026-01-07', to: '2026-01-07', newMembers: 1, activeMembers: 2, issued: 35, redeemed: 40, expired: 0 },
        { from: '2026-01-08', to: '2026-01-08', newMembers: 0, activeMembers: 0, issued: 0, redeemed: 0, expired: 0 },
      ],
    });
    // 1 January 2026 is a Thursday: the first week is cut to Thursday–Sunday.
    const weeks = await stats(api, '?from=2026-01-01&to=2026-01-14&interval=week');
    assert.deepEqual(
      weeks.series?.buckets.map((b) => [b.from, b.to, b.issued, b.activeMembers, b.newMembers]),
      [
        ['2026-01-01', '2026-01-04', 0, 0, 0],
        ['2026-01-05', '2026-01-11', 235, 2, 3],
        ['2026-01-12', '2026-01-14', 0, 0, 0],
      ],
    );
    const months = await stats(api, '?from=2025-12-20&to=2026-02-03&interval=month');
    assert.deepEqual(
      months.series?.buckets.map((b) => [b.from, b.to, b.issued]),
      [
        ['2025-12-20', '2025-12-31', 0],
        ['2026-01-01', '2026-01-31', 235],
        ['2026-02-01', '2026-02-03', 0],
      ],
    );
    assert.equal(months.points.issued, 235, 'the buckets add up to the range');
  });

  it('defaults to the last 30 local days, today included', async () => {
    clock.set('2026-01-20T16:30:00Z'); // 21 January 00:30 local
    const s = await stats(api);
    assert.equal(s.range.to, '2026-01-21');
    assert.equal(s.range.from, '2025-12-23');
    assert.equal(s.points.issued, 235);
    const onlyFrom = await stats(api, '?from=2026-01-06');
    assert.deepEqual([onlyFrom.range.from, onlyFrom.range.to], ['2026-01-06', '2026-01-21']);
    const onlyTo = await stats(api, '?to=2026-01-06');
    assert.deepEqual([onlyTo.range.from, onlyTo.range.to], ['2025-12-08', '2026-01-06']);
  });

  it('counts expiry when points are written off; outstanding leaves out lots already past expiry', async () => {
    // 10 February: every lot earned in January (1 month) has expired, none is written off yet.
    clock.set('2026-02-10T04:00:00Z');
    await enrolled(api, 'dan', '2026-02-10T04:00:00Z');
    await order(api, 'dan', 'd1', 1000); // Silver
    let s = await stats(api, '?from=2026-02-01&to=2026-02-28');
    assert.equal(s.points.expired, 0, 'nothing written off yet');
    assert.equal(s.points.outstanding, 1000, "only dan's points are still spendable");
    assert.deepEqual(s.liability.value, { amount: 666, currency: 'CNY' }); // 1000 × 2 / 3
    assert.deepEqual(s.members.active, { last30Days: 1, inRange: 1 });

    const early = await stats(api, '?from=2026-01-05&to=2026-01-07');
    assert.deepEqual(early.members.active, { last30Days: 1, inRange: 2 }, 'a range ending before the last 30 days');
    // ann's read writes off her 60 (a1's 50 left and a2's 10), dated now.
    await memberView(api, 'ann');
    s = await stats(api, '?from=2026-02-01&to=2026-02-28&interval=week');
    assert.equal(s.points.expired, 60);
    assert.equal(s.points.outstanding, 1000);
    assert.deepEqual(
      s.series?.buckets.map((b) => [b.from, b.expired, b.issued]),
      [
        ['2026-02-01', 0, 0],
        ['2026-02-02', 0, 0],
        ['2026-02-09', 60, 1000],
        ['2026-02-16', 0, 0],
        ['2026-02-23', 0, 0],
      ],
    );
    // The sweep writes off bob's 75 and cat's 20: expired grows, outstanding does not move.
    assert.equal((await sweepMembers(api.db, clock())).members, 2);
    s = await stats(api, '?from=2026-02-01&to=2026-02-28');
    assert.equal(s.points.expired, 60 + 75 + 20);
    assert.equal(s.points.outstanding, 1000);
    assert.equal((await stats(api, '?from=2026-01-01&to=2026-01-31')).points.expired, 0, 'January saw none');
  });

  it('counts members per tier, stage and RFM cell now, and the campaigns running', async () => {
    const campaign = async (name: string, startsAt: string, endsAt: string) => {
      const res = await api.merchant('/v1/campaigns', {
        method: 'POST',
        json: { name, multiplier: 2, startsAt, endsAt },
      });
      assert.equal(res.status, 201, await res.clone().text());
      return ((await res.json()) as { campaign: { id: string } }).campaign;
    };
    await campaign('Over', '2026-01-01T00:00:00Z', '2026-01-02T00:00:00Z');
    const running = await campaign('Now', '2026-02-01T00:00:00Z', '2026-03-01T00:00:00Z');
    await campaign('Later', '2026-03-01T00:00:00Z', '2026-03-02T00:00:00Z');

    const s = await stats(api);
    assert.deepEqual(
      s.tiers.map((t) => [t.name, t.threshold, t.members]),
      [
        ['Bronze', 0, 3],
        ['Silver', 1000, 1],
        ['Gold', 2000, 0],
      ],
    );
    const segments = (await (await api.merchant('/v1/segments')).json()) as Pick<Stats['segments'], 'stages' | 'rfm'>;
    assert.deepEqual(s.segments, { stages: segments.stages, rfm: segments.rfm });
    assert.equal(s.segments.stages.find((x) => x.stage === 'potential')?.members, 1, 'cat has no order');
    assert.deepEqual(
      s.campaigns.running.map((c) => c.id),
      [running.id],
    );
  });

  it('shows held order points and refund debt apart from outstanding', async () => {
    const before = await stats(api, '?from=2026-02-01&to=2026-02-28');
    const res = await api.merchant('/v1/program', { method: 'PATCH', json: { returnWindowDays: 7 } });
    assert.equal(res.status, 200, await res.clone().text());
    // ¥200 at double points (the campaign running), held 7 days: not in the ledger, so not issued yet.
    assert.equal((await order(api, 'eve', 'e1', 200)).pointsAwarded, 400);
    await adjust(api, 'dan', -990);
    // d1 is refunded in full: 1000 points back, of which the balance covers 10.
    assert.deepEqual(await refunded(api, 'dan', 'd1', 'd1-r', 100_000), {
      pointsClawedBack: 1000,
      points: { balance: 0 },
      debt: 990,
    });
    const s = await stats(api, '?from=2026-02-01&to=2026-02-28');
    assert.deepEqual(
      [s.points.issued, s.points.pending, s.points.debt, s.points.outstanding],
      [before.points.issued, 400, 990, 0],
    );
    assert.equal(s.points.adjustedDown, before.points.adjustedDown + 990);
    assert.equal(s.points.clawedBack, before.points.clawedBack + 10);
    assert.deepEqual(s.liability.value, { amount: 0, currency: 'CNY' });
    assert.deepEqual(
      s.orders,
      { count: 1, buyers: 1, repeatBuyers: 0, repeatPurchaseRate: 0 },
      "eve's; d1 is refunded",
    );
  });

  it('has no liability in money when points are not cash; days follow the zone across a DST change', async () => {
    const plain = await createProgram(api.db, { name: 'No cash', timeZone: 'America/New_York' });
    const res = await fetch(`${api.url}/v1/stats`, { headers: { Authorization: `Bearer ${plain.secret_key}` } });
    assert.equal(res.status, 200);
    const s = (await res.json()) as Stats;
    assert.deepEqual(s.liability, { points: 0, value: null, pointValue: null });
    assert.equal(s.members.total, 0);
    assert.deepEqual(s.tiers, [{ tierId: null, name: null, threshold: null, members: 0 }]);
    assert.equal(s.range.timeZone, 'America/New_York');
    assert.equal(s.range.startsAt, '2026-01-11T05:00:00.000Z', 'midnight in New York (EST) on the first day');
    // Clocks go forward on 8 March 2026 in New York: that day has 23 hours, the next begins at 04:00Z.
    const asPlain = { Authorization: `Bearer ${plain.secret_key}`, 'Content-Type': 'application/json' };
    for (const [at, orderId] of [
      ['2026-03-09T03:30:00Z', 'late-on-the-8th'], // 23:30 EDT
      ['2026-03-09T04:30:00Z', 'early-on-the-9th'], // 00:30 EDT
    ] as const) {
      clock.set(at);
      const placed = await fetch(`${api.url}/v1/members/ny/orders`, {
        method: 'POST',
        headers: asPlain,
        body: JSON.stringify({ orderId, total: { amount: 1000, currency: 'CNY' } }),
      });
      assert.equal(placed.status, 201, await placed.text());
    }
    const dst = await fetch(`${api.url}/v1/stats?from=2026-03-07&to=2026-03-09&interval=day`, { headers: asPlain });
    const days = (await dst.json()) as Stats;
    assert.deepEqual(
      [days.range.startsAt, days.range.endsAt],
      ['2026-03-07T05:00:00.000Z', '2026-03-10T04:00:00.000Z'],
    );
    assert.deepEqual(
      days.series?.buckets.map((b) => [b.from, b.issued]),
      [
        ['2026-03-07', 0],
        ['2026-03-08', 10],
        ['2026-03-09', 10],
      ],
    );
  });

  it('refuses bad ranges with 400 and browsers with 401', async () => {
    for (const query of [
      '?from=2026-02-10&to=2026-02-01',
      '?from=2026-02-30',
      '?from=26-01-01',
      '?to=2026-01-01T00:00:00Z',
      '?interval=hour',
      '?from=2010-01-01&to=2026-01-01',
      '?from=2024-01-01&to=2026-01-31&interval=day',
      '?from=2099-01-01',
    ]) {
      const res = await api.merchant(`/v1/stats${query}`);
      assert.equal(res.status, 400, query);
      assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'invalid_request', query);
    }
    assert.equal((await api.merchant('/v1/stats?from=2024-01-01&to=2026-01-31&interval=week')).status, 200);
    assert.equal((await api.browser('/v1/stats')).status, 401);
    assert.equal((await api.browser('/v1/stats', { token: await api.token('ann') })).status, 401);
  });
});
