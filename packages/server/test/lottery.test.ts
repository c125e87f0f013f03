import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { drawPlan, type PrizeRow, pickPrize, probabilities } from '../src/rules/lottery.js';
import {
  backend,
  closeChecked,
  createReward,
  DEFAULT_PROGRAM,
  earn,
  ledgerOf,
  startTestApi,
  type TestApi,
  type TestClock,
  testClock,
} from './harness.js';

const START = '2026-03-01T00:00:00Z';
const END = '2026-04-01T00:00:00Z';

const setLottery = async (api: TestApi, lottery: unknown) => {
  const res = await api.merchant('/v1/program', { method: 'PATCH', json: { lottery } });
  return { status: res.status, body: await res.json() };
};

const draw = async (api: TestApi, customerId: string, key = randomUUID(), query = '') => {
  const res = await api.browser(`/v1/me/lottery/draws${query}`, {
    method: 'POST',
    token: await api.token(customerId),
    headers: { 'Idempotency-Key': key },
  });
  return { status: res.status, body: await res.json(), replayed: res.headers.get('Idempotent-Replayed') };
};

const program = async (api: TestApi, query = '') => (await (await api.browser(`/v1/program${query}`)).json()).lottery;

const prize = (p: Partial<PrizeRow> & Pick<PrizeRow, 'id' | 'weight'>): PrizeRow => ({
  position: 0,
  kind: 'points',
  reward_id: null,
  points: 10,
  stock: null,
  label: p.id,
  translations: {},
  ...p,
});

describe('the lottery rule (drawPlan, pickPrize, probabilities)', () => {
  it('with a nothing prize: drawn over every weight; a value on an empty prize gives the first nothing prize', () => {
    const prizes = [
      prize({ id: 'big', weight: 10, stock: 0 }),
      prize({ id: 'small', weight: 30 }),
      prize({ id: 'none', kind: 'nothing', points: null, weight: 60 }),
    ];
    assert.equal(drawPlan(prizes).outOf, 100);
    assert.deepEqual(
      [0, 9, 10, 39, 40, 99].map((v) => {
        const { landed, given } = pickPrize(prizes, v);
        return `${landed.id}>${given.id}`;
      }),
      ['big>none', 'big>none', 'small>small', 'small>small', 'none>none', 'none>none'],
    );
    assert.deepEqual(Object.fromEntries(probabilities(prizes)), { big: 0, small: 0.3, none: 0.7 });
    assert.throws(() => pickPrize(prizes, 100), RangeError);
  });

  it('without one: drawn over the prizes in stock only, in proportion to their weights', () => {
    const prizes = [
      prize({ id: 'a', weight: 1, stock: 0 }),
      prize({ id: 'b', weight: 1 }),
      prize({ id: 'c', weight: 3 }),
    ];
    assert.equal(drawPlan(prizes).outOf, 4);
    assert.equal(pickPrize(prizes, 0).given.id, 'b');
    assert.equal(pickPrize(prizes, 1).given.id, 'c');
    assert.deepEqual(Object.fromEntries(probabilities(prizes)), { a: 0, b: 0.25, c: 0.75 });
    assert.equal(drawPlan([prize({ id: 'a', weight: 1, stock: 0 })]).outOf, 0);
  });
});

describe(`the points lottery (${backend})`, () => {
  let api: TestApi;
  let clock: TestClock;
  let couponReward: string;
  const table = (over: Record<string, unknown> = {}) => ({
    cost: 50,
    startsAt: START,
    endsAt: END,
    dailyLimit: 3,
    prizes: [
      {
        id: 'coupon',
        kind: 'coupon',
        rewardId: couponReward,
        weight: 1,
        stock: 2,
        label: '¥10 coupon',
        translations: { 'zh-CN': { label: '10元券' } },
      },
      { id: 'points-20', kind: 'points', points: 20, weight: 3, label: '20 points' },
      { id: 'none', kind: 'nothing', weight: 6, label: 'Try again', translations: { 'zh-CN': { label: '谢谢参与' } } },
    ],
    ...over,
  });

  before(async () => {
    clock = testClock('2026-03-10T04:00:00Z');
    api = await startTestApi(DEFAULT_PROGRAM, { clock });
    couponReward = (
      await createReward(api, {
        name: '¥10 coupon',
        cost: 1000,
        kind: 'coupon',
        value: { amount: 1000, currency: 'CNY' },
        validDays: 30,
      })
    ).id;
  });
  after(() => closeChecked(api));

  it('without a lottery: GET /v1/program says null and a draw is 422 lottery_unavailable', async () => {
    assert.equal(await program(api), null);
    await earn(api, 'nolottery', 100);
    const res = await draw(api, 'nolottery');
    assert.equal(res.status, 422);
    assert.equal(res.body.error.code, 'lottery_unavailable');
  });

  it('PATCH /v1/program refuses a bad table with the 400 envelope, at the field', async () => {
    const cases = [
      table({ endsAt: START }),
      table({ prizes: [] }),
      table({ prizes: [{ id: 'x', kind: 'points', weight: 1, label: 'x' }] }), // points without points
      table({ prizes: [{ id: 'x', kind: 'nothing', weight: 1, stock: 3, label: 'x' }] }),
      table({ prizes: [{ id: 'x', kind: 'nothing', weight: 0, label: 'x' }] }),
      table({ prizes: Array.from({ length: 9 }, (_, i) => ({ id: `p${i}`, kind: 'nothing', weight: 1, label: 'x' })) }),
      table({ prizes: [{ id: 'x', kind: 'coupon', rewardId: randomUUID(), weight: 1, label: 'x' }] }),
    ];
    for (const body of cases) {
      const res = await setLottery(api, body);
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.equal(res.body.error.code, 'invalid_request');
    }
    assert.equal(await program(api), null, 'nothing was set');
  });

  it('publishes the table, its version and each prize’s probability; ?locale= picks the labels', async () => {
    const set = await setLottery(api, table());
    assert.equal(set.status, 200, JSON.stringify(set.body));
    assert.equal(set.body.lottery.tableVersion, 1);
    const lottery = await program(api);
    assert.equal(lottery.running, true);
    assert.equal(lottery.cost, 50);
    assert.equal(lottery.dailyLimit, 3);
    assert.deepEqual(
      lottery.prizes.map((p: { id: string; probability: number; stock: number | null }) => [
        p.id,
        p.probability,
        p.stock,
      ]),
      [
        ['coupon', 0.1, 2],
        ['points-20', 0.3, null],
        ['none', 0.6, null],
      ],
    );
    const zh = await program(api, '?locale=zh-CN');
    assert.deepEqual(
      zh.prizes.map((p: { label: string }) => p.label),
      ['10元券', '20 points', '谢谢参与'],
    );
  });

  it('a guest sees the odds but a draw is 401', async () => {
    const res = await api.browser('/v1/me/lottery/draws', { method: 'POST', headers: { 'Idempotency-Key': 'k' } });
    assert.equal(res.status, 401);
    assert.equal((await res.json()).error.code, 'unauthenticated');
  });

  it('a draw needs an Idempotency-Key', async () => {
    const res = await api.browser('/v1/me/lottery/draws', { method: 'POST', token: await api.token('nokey') });
    assert.equal(res.status, 400);
  });

  it('debits the cost, gives the prize, records the random value and version; the same key replays it', async () => {
    await earn(api, 'ann', 1000);
    const key = randomUUID();
    const first = await draw(api, 'ann', key);
    assert.equal(first.status, 201, JSON.stringify(first.body));
    const d = first.body.draw;
    assert.equal(d.cost, 50);
    assert.equal(d.tableVersion, 1);
    assert.equal(d.random.outOf, 10);
    assert.ok(d.random.value >= 0 && d.random.value < 10);
    const expected = d.random.value < 1 ? 'coupon' : d.random.value < 4 ? 'points-20' : 'none';
    assert.equal(d.landedPrizeId, expected);
    assert.equal(d.prize.id, expected);
    const won = d.prize.kind === 'points' ? 20 : 0;
    assert.equal(first.body.points.balance, 1000 - 50 + won);
    assert.equal(first.body.drawsLeftToday, 2);
    assert.equal(d.coupon !== null, expected === 'coupon');

    const again = await draw(api, 'ann', key);
    assert.equal(again.status, 201);
    assert.equal(again.replayed, 'true');
    assert.deepEqual(again.body, first.body);
    const ledger = await ledgerOf(api, 'ann');
    assert.equal(ledger.filter((e) => e.type === 'lottery' && e.points === -50).length, 1, 'one debit');

    const list = await (await api.browser('/v1/me/lottery/draws', { token: await api.token('ann') })).json();
    assert.equal(list.items.length, 1);
    assert.deepEqual(list.items[0].random, d.random);
    assert.equal(list.items[0].id, d.id);
  });

  it('every kind is given through the ledger or the coupon path (forced by the table)', async () => {
    await earn(api, 'kinds', 1000);
    const only = (p: Record<string, unknown>) => table({ dailyLimit: null, prizes: [p] });
    await setLottery(api, only({ id: 'p', kind: 'points', points: 70, weight: 1, label: '70 points' }));
    const points = await draw(api, 'kinds');
    assert.equal(points.body.draw.prize.points, 70);
    assert.equal(points.body.points.balance, 1000 - 50 + 70);
    assert.equal(points.body.draw.tableVersion, 2);
    assert.equal(points.body.drawsLeftToday, null);

    await setLottery(api, only({ id: 'c', kind: 'coupon', rewardId: couponReward, weight: 1, stock: 1, label: 'C' }));
    const coupon = await draw(api, 'kinds', randomUUID(), '?locale=zh-CN');
    assert.equal(coupon.status, 201);
    assert.equal(coupon.body.draw.coupon.kind, 'issued');
    assert.equal(coupon.body.draw.coupon.value.amount, 1000);
    const wallet = await (await api.browser('/v1/me/redemptions', { token: await api.token('kinds') })).json();
    assert.equal(wallet.items[0].code, coupon.body.draw.coupon.code);
    const lookup = await api.merchant(`/v1/coupons/${coupon.body.draw.coupon.code}`);
    assert.equal(lookup.status, 200);

    // The only prize is gone and there is no nothing prize: nothing left to give, and no points taken.
    const empty = await draw(api, 'kinds');
    assert.equal(empty.status, 422);
    assert.equal(empty.body.error.code, 'out_of_stock');
    assert.equal((await program(api)).prizes[0].probability, 0);
    assert.equal(
      (await ledgerOf(api, 'kinds')).filter((e) => e.type === 'lottery').length,
      3,
      'two debits and a points credit',
    );
  });

  it('refuses before the start and after the end, and a member short of points', async () => {
    await setLottery(api, table());
    await earn(api, 'timely', 500);
    clock.set('2026-02-28T23:59:59Z');
    const early = await draw(api, 'timely');
    assert.equal(early.status, 422);
    assert.equal(early.body.error.code, 'lottery_not_running');
    assert.deepEqual(early.body.error.details, {
      startsAt: '2026-03-01T00:00:00.000Z',
      endsAt: '2026-04-01T00:00:00.000Z',
    });
    assert.equal((await program(api)).running, false);
    clock.set(END);
    const late = await draw(api, 'timely');
    assert.equal(late.body.error.code, 'lottery_not_running');
    clock.set('2026-03-10T04:00:00Z');
    await earn(api, 'poor', 49);
    const poor = await draw(api, 'poor');
    assert.equal(poor.status, 422);
    assert.equal(poor.body.error.code, 'insufficient_points');
    assert.equal((await ledgerOf(api, 'timely')).filter((e) => e.type === 'lottery').length, 0);
  });

  it('parallel draws of one member never exceed the daily limit; the next local day allows more', async () => {
    await setLottery(api, table({ dailyLimit: 3 }));
    await earn(api, 'racer', 5000);
    const results = await Promise.all(Array.from({ length: 12 }, () => draw(api, 'racer')));
    const ok = results.filter((r) => r.status === 201);
    assert.equal(ok.length, 3);
    for (const r of results.filter((r) => r.status !== 201)) {
      assert.equal(r.status, 422);
      assert.ok(['limit_reached', 'out_of_stock'].includes(r.body.error.code) || r.body.error.code === 'limit_reached');
    }
    assert.deepEqual(ok.map((r) => r.body.drawsLeftToday).sort(), [0, 1, 2]);
    const [row] = await api.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM lottery_draws d JOIN members m ON m.id = d.member_id WHERE m.customer_id = 'racer'`,
    );
    assert.equal(row!.n, 3);
    clock.set('2026-03-10T16:00:00Z'); // midnight in Shanghai: a new day
    assert.equal((await draw(api, 'racer')).status, 201);
    clock.set('2026-03-10T04:00:00Z');
  });

  it('parallel draws of many members never give more than the stock, and stock never goes negative', async () => {
    // Only a stocked coupon can land; once it is gone the value falls to "nothing".
    await setLottery(
      api,
      table({
        dailyLimit: null,
        prizes: [
          { id: 'coupon', kind: 'coupon', rewardId: couponReward, weight: 1, stock: 4, label: 'C' },
          { id: 'none', kind: 'nothing', weight: 0, label: 'Try again' },
        ],
      }),
    );
    const members = Array.from({ length: 10 }, (_, i) => `stock-${i}`);
    for (const m of members) await earn(api, m, 200);
    const results = await Promise.all(members.flatMap((m) => [draw(api, m), draw(api, m)]));
    assert.ok(
      results.every((r) => r.status === 201),
      JSON.stringify(results.find((r) => r.status !== 201)?.body),
    );
    const coupons = results.filter((r) => r.body.draw.prize.id === 'coupon');
    assert.equal(coupons.length, 4);
    const fellBack = results.filter((r) => r.body.draw.prize.id === 'none');
    assert.equal(fellBack.length, 16);
    assert.ok(
      fellBack.every((r) => r.body.draw.landedPrizeId === 'coupon'),
      'they landed on the empty coupon',
    );
    const [stock] = await api.db.query<{ stock: number }>(
      `SELECT stock FROM lottery_prizes WHERE program_id = $1 AND id = 'coupon'`,
      [api.program.id],
    );
    assert.equal(stock!.stock, 0);
    const lottery = await program(api);
    assert.deepEqual(
      lottery.prizes.map((p: { probability: number }) => p.probability),
      [0, 1],
    );
  });

  it('lottery: null switches it off; a new table gets a new version, never a reused one', async () => {
    const off = await setLottery(api, null);
    assert.equal(off.status, 200);
    assert.equal(off.body.lottery, null);
    assert.equal((await draw(api, 'ann')).body.error.code, 'lottery_unavailable');
    const on = await setLottery(api, table());
    assert.ok(on.body.lottery.tableVersion > 5);
    const versions = await api.db.query<{ version: number }>(
      'SELECT version FROM lottery_tables WHERE program_id = $1 ORDER BY version',
      [api.program.id],
    );
    assert.equal(versions.at(-1)!.version, on.body.lottery.tableVersion);
  });
});
