import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  backend,
  closeChecked,
  createReward,
  DEFAULT_PROGRAM,
  ledgerOf,
  memberView,
  order,
  redeemed,
  refund,
  refunded,
  startTestApi,
  type TestApi,
  type TestClock,
  testClock,
} from './harness.js';

type MeView = {
  points: { balance: number; debt: number; pending: { points: number }[]; pendingTotal: number };
  tier: { current: { name: string } | null; progress: { qualifyingPoints: number } };
};
const me = (api: TestApi, customerId: string) => memberView<MeView>(api, customerId);

describe(`refunds (${backend})`, () => {
  let api: TestApi;
  let clock: TestClock;
  before(async () => {
    clock = testClock('2026-01-10T12:00:00Z');
    api = await startTestApi({ ...DEFAULT_PROGRAM, pointsExpiryMonths: 12 }, { clock });
  });
  after(() => closeChecked(api));

  it('claws back proportionally, rounding down, and the last refund takes exactly what is left', async () => {
    await order(api, 'thirds', 'o-thirds', 100); // ¥100.00 → 100 points
    // Three refunds of ¥33.33, ¥33.33, ¥33.34: 33, 33 (floor of 66.66 − 33), then the 34 left.
    assert.deepEqual(await refunded(api, 'thirds', 'o-thirds', 'r-1', 3333), {
      pointsClawedBack: 33,
      points: { balance: 67 },
      debt: 0,
    });
    assert.equal((await refunded(api, 'thirds', 'o-thirds', 'r-2', 3333)).pointsClawedBack, 33);
    const last = await refunded(api, 'thirds', 'o-thirds', 'r-3', 3334);
    assert.deepEqual(last, { pointsClawedBack: 34, points: { balance: 0 }, debt: 0 });
    assert.deepEqual(
      (await ledgerOf(api, 'thirds')).map((e) => [e.type, e.points, e.balance_after, e.order_id]),
      [
        ['order', 100, 100, 'o-thirds'],
        ['refund', -33, 67, 'o-thirds'],
        ['refund', -33, 34, 'o-thirds'],
        ['refund', -34, 0, 'o-thirds'],
      ],
    );
    const activity = await (await api.browser('/v1/me/activity', { token: await api.token('thirds') })).json();
    assert.equal(activity.items[0].type, 'refund');
  });

  it('small refunds never take more than the order earned: the floor is of the running total', async () => {
    await order(api, 'pennies', 'o-pennies', 3); // ¥3.00 → 3 points
    let taken = 0;
    for (let i = 0; i < 300; i += 50)
      taken += (await refunded(api, 'pennies', 'o-pennies', `p-${i}`, 50)).pointsClawedBack;
    assert.equal(taken, 3);
    assert.equal((await me(api, 'pennies')).points.balance, 0);
  });

  it('refuses refunds beyond the order total, of unknown orders, of another member, in another currency', async () => {
    await order(api, 'over', 'o-over', 50);
    await refunded(api, 'over', 'o-over', 'ov-1', 3000);
    const over = await refund(api, 'over', 'o-over', 'ov-2', 2001);
    assert.equal(over.status, 422);
    const body = await over.json();
    assert.equal(body.error.code, 'refund_exceeds_order');
    assert.deepEqual(body.error.details, { refundable: { amount: 2000, currency: 'CNY' } });
    assert.equal((await refund(api, 'over', 'no-such-order', 'ov-3', 100)).status, 404);
    assert.equal((await refund(api, 'someone-else', 'o-over', 'ov-4', 100)).status, 404);
    assert.equal((await refund(api, 'over', 'o-over', 'ov-5', 100, 'USD')).status, 422);
    assert.equal((await me(api, 'over')).points.balance, 20);
    const bad = await refund(api, 'over', 'o-over', 'ov-6', 0);
    assert.equal(bad.status, 400);
  });

  it('is idempotent on refundId: a retry takes nothing twice; another refund under the same id is a 409', async () => {
    await order(api, 'retry', 'o-retry', 200);
    const first = await refund(api, 'retry', 'o-retry', 'rt-1', 5000);
    const again = await refund(api, 'retry', 'o-retry', 'rt-1', 5000);
    assert.equal(again.status, 201);
    assert.equal(again.headers.get('Idempotent-Replayed'), 'true');
    assert.deepEqual(await again.json(), await first.json());
    assert.equal((await refund(api, 'retry', 'o-retry', 'rt-1', 6000)).status, 409);
    assert.equal((await me(api, 'retry')).points.balance, 150);

    // Racing twins: one clawback.
    const twins = await Promise.all([1, 2, 3].map(() => refund(api, 'retry', 'o-retry', 'rt-2', 5000)));
    assert.deepEqual(
      twins.map((r) => r.status),
      [201, 201, 201],
    );
    assert.equal((await me(api, 'retry')).points.balance, 100);
  });

  it('racing refunds of one order never exceed its total', async () => {
    await order(api, 'race', 'o-race', 100);
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) => refund(api, 'race', 'o-race', `race-${i}`, 3000)),
    );
    const statuses = results.map((r) => r.status).sort();
    assert.deepEqual(statuses, [201, 201, 201, 422, 422, 422]);
    assert.equal((await me(api, 'race')).points.balance, 10);
  });

  it('what the balance cannot cover becomes debt, which later earnings pay first', async () => {
    const reward = await createReward(api, { name: 'Spend it', cost: 80 });
    await order(api, 'spender', 'o-spent', 100);
    await redeemed(api, 'spender', reward.id);
    assert.deepEqual(await refunded(api, 'spender', 'o-spent', 'sp-1', 10000), {
      pointsClawedBack: 100,
      points: { balance: 0 },
      debt: 80,
    });
    let summary = await me(api, 'spender');
    assert.equal(summary.points.balance, 0);
    assert.equal(summary.points.debt, 80);

    // Nothing left to take: all of the second refund is debt, and nothing moves in the ledger.
    await order(api, 'spender', 'o-two', 10);
    assert.equal((await me(api, 'spender')).points.debt, 70);
    assert.deepEqual(await refunded(api, 'spender', 'o-two', 'sp-2', 1000), {
      pointsClawedBack: 10,
      points: { balance: 0 },
      debt: 80,
    });

    const paid = await order(api, 'spender', 'o-three', 150);
    assert.deepEqual(paid, { pointsAwarded: 150, points: { balance: 70 } });
    summary = await me(api, 'spender');
    assert.equal(summary.points.balance, 70);
    assert.equal(summary.points.debt, 0);
    assert.deepEqual(
      (await ledgerOf(api, 'spender')).map((e) => [e.type, e.points, e.balance_after]),
      [
        ['order', 100, 100],
        ['redemption', -80, 20],
        ['refund', -20, 0],
        ['order', 10, 10],
        ['refund', -10, 0], // repays 10 of the 80 owed; the second refund adds 10 owed, no entry
        ['order', 150, 150],
        ['refund', -80, 70], // repays the 80 owed
      ],
    );
    // The 70 left are spendable: the lots hold exactly them.
    await redeemed(api, 'spender', (await createReward(api, { name: 'Seventy', cost: 70 })).id);
  });

  it('refunded points stop counting toward tier progress; the tier stays until its period ends', async () => {
    await order(api, 'tiered', 'o-big', 1200); // Silver at 1000
    let summary = await me(api, 'tiered');
    assert.equal(summary.tier.current?.name, 'Silver');
    await refunded(api, 'tiered', 'o-big', 'tb-1', 60000); // half: 600 back
    summary = await me(api, 'tiered');
    assert.equal(summary.tier.progress.qualifyingPoints, 600);
    // A tier only goes down at the end of its period (tiers.test.ts), never on a refund.
    assert.equal(summary.tier.current?.name, 'Silver');
    assert.equal((await order(api, 'tiered', 'o-next', 100)).pointsAwarded, 125);
    assert.equal((await me(api, 'tiered')).tier.progress.qualifyingPoints, 725);
  });
});

describe(`refunds of pending points and negative balances (${backend})`, () => {
  let api: TestApi;
  let clock: TestClock;
  before(async () => {
    clock = testClock('2026-01-10T12:00:00Z');
    api = await startTestApi({ ...DEFAULT_PROGRAM, returnWindowDays: 14 }, { clock });
  });
  after(() => closeChecked(api));

  it('a refund in the return window shrinks the pending points; a full refund removes them', async () => {
    clock.set('2026-01-10T12:00:00Z');
    await order(api, 'held', 'h-1', 300);
    await order(api, 'held', 'h-2', 100);
    assert.deepEqual(await refunded(api, 'held', 'h-1', 'hr-1', 10000), {
      pointsClawedBack: 100,
      points: { balance: 0 },
      debt: 0,
    });
    await refunded(api, 'held', 'h-2', 'hr-2', 10000);
    const summary = await me(api, 'held');
    assert.deepEqual(
      summary.points.pending.map((p) => p.points),
      [200],
    );
    assert.equal(summary.points.debt, 0);
    clock.set('2026-01-25T00:00:00Z');
    const released = await me(api, 'held');
    assert.equal(released.points.balance, 200);
    assert.equal(released.tier.progress.qualifyingPoints, 200);
    assert.deepEqual(
      (await ledgerOf(api, 'held')).map((e) => [e.type, e.points, e.order_id]),
      [['order', 200, 'h-1']],
    );
    // After the window, a refund takes from the balance.
    assert.equal((await refunded(api, 'held', 'h-1', 'hr-3', 10000)).pointsClawedBack, 100);
    assert.equal((await me(api, 'held')).tier.progress.qualifyingPoints, 100);
  });

  it('a program that allows negative balances shows the debt as a balance below zero', async () => {
    const patched = await api.merchant('/v1/program', { method: 'PATCH', json: { allowNegativeBalance: true } });
    assert.equal((await patched.json()).allowNegativeBalance, true);
    assert.equal((await (await api.browser('/v1/program')).json()).allowNegativeBalance, true);
    await api.merchant('/v1/program', { method: 'PATCH', json: { returnWindowDays: 0 } });
    const reward = await createReward(api, { name: 'Fifty', cost: 50 });
    await order(api, 'negative', 'n-1', 60);
    await redeemed(api, 'negative', reward.id);
    assert.deepEqual(await refunded(api, 'negative', 'n-1', 'nr-1', 6000), {
      pointsClawedBack: 60,
      points: { balance: -50 },
      debt: 50,
    });
    const summary = await me(api, 'negative');
    assert.equal(summary.points.balance, -50);
    assert.equal(summary.points.debt, 50);
    await order(api, 'negative', 'n-2', 20);
    assert.equal((await me(api, 'negative')).points.balance, -30);
    await api.merchant('/v1/program', { method: 'PATCH', json: { allowNegativeBalance: false, returnWindowDays: 14 } });
    assert.equal((await me(api, 'negative')).points.balance, 0);
  });
});
