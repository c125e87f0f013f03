import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import {
  Coupon,
  CouponResponse,
  DiscountResponse,
  IssueCouponsResponse,
  RedemptionList,
} from '@member-center/contract';
import { sweepMembers } from '../src/member-state/sweep.js';
import { couponStats } from '../src/queries/coupon-stats.js';
import {
  backend,
  closeChecked,
  createReward,
  DEFAULT_PROGRAM,
  earn,
  ledgerOf,
  memberView,
  order,
  redeem,
  refunded,
  startTestApi,
  subscribe,
  type TestApi,
  type TestClock,
  testClock,
} from './harness.js';

type Points = { points: { balance: number; held: number; lifetimeEarned: number } };
const points = async (api: TestApi, customerId: string) => (await memberView<Points>(api, customerId)).points;

const lookUp = (api: TestApi, code: string) => api.merchant(`/v1/coupons/${encodeURIComponent(code)}`);
const use = (api: TestApi, code: string, orderId: string) =>
  api.merchant(`/v1/coupons/${encodeURIComponent(code)}/use`, { method: 'POST', json: { orderId } });
const release = (api: TestApi, code: string, orderId: string) =>
  api.merchant(`/v1/coupons/${encodeURIComponent(code)}/release`, { method: 'POST', json: { orderId } });

async function redeemCode(api: TestApi, customerId: string, rewardId: string) {
  const res = await redeem(api, customerId, rewardId);
  assert.equal(res.status, 201, await res.clone().text());
  return ((await res.json()) as { redemption: { code: string; expiresAt: string | null } }).redemption;
}

async function discount(api: TestApi, customerId: string, pts: number, key = randomUUID()) {
  return api.browser('/v1/me/discounts', {
    method: 'POST',
    token: await api.token(customerId),
    headers: { 'Idempotency-Key': key },
    json: { points: pts },
  });
}

async function wallet(api: TestApi, customerId: string) {
  const res = await api.browser('/v1/me/redemptions', { token: await api.token(customerId) });
  return RedemptionList.parse(await res.json()).items;
}

const coupon = async (res: Response) => CouponResponse.parse(await res.json()).coupon;

describe(`coupons at checkout (${backend})`, () => {
  let api: TestApi;
  let clock: TestClock;
  let rewardId: string;
  before(async () => {
    clock = testClock('2026-03-01T12:00:00Z');
    api = await startTestApi({ ...DEFAULT_PROGRAM, pointsExpiryMonths: 12 }, { clock });
    rewardId = (await createReward(api, { name: '¥10 coupon', cost: 100, validDays: 30 })).id;
    await subscribe(api, ['coupon.used', 'coupon.expired']);
  });
  after(() => closeChecked(api));

  it('a redemption issues a coupon with an expiry from validDays that a checkout can look up, in any case and spacing', async () => {
    await earn(api, 'ann', 500);
    const { code, expiresAt } = await redeemCode(api, 'ann', rewardId);
    assert.match(code, /^[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}$/);
    assert.equal(expiresAt, '2026-03-31T12:00:00.000Z');
    const typed = code.toLowerCase().replace(/-/g, ' ');
    const res = await lookUp(api, typed);
    assert.equal(res.status, 200);
    const c = Coupon.parse((await res.json()).coupon);
    assert.deepEqual(
      { ...c, createdAt: undefined },
      {
        code,
        kind: 'reward',
        status: 'available',
        customerId: 'ann',
        reward: { id: rewardId, name: '¥10 coupon' },
        value: null,
        points: 100,
        expiresAt: '2026-03-31T12:00:00.000Z',
        usedAt: null,
        orderId: null,
        createdAt: undefined,
      },
    );
  });

  it('use is idempotent per code + order: the same order again is 200, another order 409 coupon_used', async () => {
    await earn(api, 'ben', 500);
    const { code } = await redeemCode(api, 'ben', rewardId);
    const first = await use(api, code, 'order-ben-1');
    assert.equal(first.status, 200);
    const used = await coupon(first);
    assert.equal(used.status, 'used');
    assert.equal(used.orderId, 'order-ben-1');
    const again = await use(api, code, 'order-ben-1');
    assert.equal(again.status, 200);
    assert.deepEqual(await coupon(again), used);
    const other = await use(api, code, 'order-ben-2');
    assert.equal(other.status, 409);
    assert.equal((await other.json()).error.code, 'coupon_used');
    const [item] = await wallet(api, 'ben');
    assert.equal(item!.status, 'used');
    assert.equal(item!.usedAt, used.usedAt);
  });

  it('two checkouts racing for one code: exactly one 200 and one 409', async () => {
    await earn(api, 'cat', 600);
    for (let round = 0; round < 5; round++) {
      const { code } = await redeemCode(api, 'cat', rewardId);
      const answers = await Promise.all([use(api, code, `race-${round}-a`), use(api, code, `race-${round}-b`)]);
      assert.deepEqual(answers.map((r) => r.status).sort(), [200, 409], `round ${round}`);
      const winner = answers.find((r) => r.status === 200)!;
      const [row] = await api.db.query<{ order_id: string }>('SELECT order_id FROM redemptions WHERE code = $1', [
        code,
      ]);
      assert.equal((await coupon(winner)).orderId, row!.order_id);
    }
    // Eight checkouts at once: one wins.
    const { code } = await redeemCode(api, 'cat', rewardId);
    const many = await Promise.all(Array.from({ length: 8 }, (_, i) => use(api, code, `crowd-${i}`)));
    assert.deepEqual(many.map((r) => r.status).sort(), [200, 409, 409, 409, 409, 409, 409, 409]);
  });

  it('release makes a used code available again, idempotently; another order cannot release it', async () => {
    await earn(api, 'dan', 500);
    const { code } = await redeemCode(api, 'dan', rewardId);
    await use(api, code, 'order-dan');
    const wrong = await release(api, code, 'order-other');
    assert.equal(wrong.status, 409);
    for (let i = 0; i < 2; i++) {
      const res = await release(api, code, 'order-dan');
      assert.equal(res.status, 200);
      const c = await coupon(res);
      assert.equal(c.status, 'available');
      assert.equal(c.orderId, null);
    }
    assert.equal((await use(api, code, 'order-dan-2')).status, 200);
  });

  it('an expired code is 422 coupon_expired, shows as expired in the wallet, and coupon.expired goes out once', async () => {
    await earn(api, 'eve', 500);
    const { code } = await redeemCode(api, 'eve', rewardId);
    clock.advance(31);
    const res = await use(api, code, 'order-eve');
    assert.equal(res.status, 422);
    assert.equal((await res.json()).error.code, 'coupon_expired');
    assert.equal((await wallet(api, 'eve'))[0]!.status, 'expired');
    await sweepMembers(api.db, clock());
    await sweepMembers(api.db, clock());
    const events = await api.db.query<{ type: string; data: { coupon: { code: string; status: string } } }>(
      `SELECT type, data FROM webhook_outbox WHERE type = 'coupon.expired' AND data->'coupon'->>'code' = $1`,
      [code],
    );
    assert.equal(events.length, 1);
    assert.equal(events[0]!.data.coupon.status, 'expired');
    clock.advance(-31);
  });

  it('release after the expiry expires the code at once', async () => {
    await earn(api, 'fay', 500);
    const { code } = await redeemCode(api, 'fay', rewardId);
    await use(api, code, 'order-fay');
    clock.advance(40);
    const res = await release(api, code, 'order-fay');
    assert.equal(res.status, 200);
    assert.equal((await coupon(res)).status, 'expired');
    const [row] = await api.db.query<{ status: string }>('SELECT status FROM redemptions WHERE code = $1', [code]);
    assert.equal(row!.status, 'expired');
    clock.advance(-40);
  });

  it('coupon.used carries the coupon and its order', async () => {
    await earn(api, 'gus', 500);
    const { code } = await redeemCode(api, 'gus', rewardId);
    await use(api, code, 'order-gus');
    const [event] = await api.db.query<{ data: { coupon: { orderId: string; customerId: string } } }>(
      `SELECT data FROM webhook_outbox WHERE type = 'coupon.used' AND data->'coupon'->>'code' = $1`,
      [code],
    );
    assert.equal(event!.data.coupon.orderId, 'order-gus');
    assert.equal(event!.data.coupon.customerId, 'gus');
  });

  it('void cancels an unused code (422 coupon_void on use); a used code cannot be voided', async () => {
    await earn(api, 'hal', 500);
    const { code } = await redeemCode(api, 'hal', rewardId);
    const voided = await api.merchant(`/v1/coupons/${code}/void`, { method: 'POST' });
    assert.equal(voided.status, 200);
    assert.equal((await coupon(voided)).status, 'void');
    const res = await use(api, code, 'order-hal');
    assert.equal(res.status, 422);
    assert.equal((await res.json()).error.code, 'coupon_void');
    const second = await redeemCode(api, 'hal', rewardId);
    await use(api, second.code, 'order-hal-2');
    assert.equal((await api.merchant(`/v1/coupons/${second.code}/void`, { method: 'POST' })).status, 409);
  });

  it('an unknown code is 404, a malformed one 400, and only merchants may look codes up', async () => {
    assert.equal((await lookUp(api, 'ZZZZ-ZZZZ-ZZZZ')).status, 404);
    assert.equal((await lookUp(api, 'a%2Fb')).status, 400);
    assert.equal((await api.browser('/v1/coupons/ZZZZ-ZZZZ-ZZZZ')).status, 401);
  });

  it('issues a reward code to one member (enrolled if new), idempotently per batch key, without points', async () => {
    const body = { batchKey: 'welcome-zoe', rewardId, customerId: 'zoe', validDays: 7 };
    const res = await api.merchant('/v1/coupons', { method: 'POST', json: body });
    assert.equal(res.status, 201, await res.clone().text());
    const first = IssueCouponsResponse.parse(await res.json());
    assert.equal(first.matched, 1);
    assert.equal(first.issued, 1);
    assert.equal(first.coupon?.kind, 'issued');
    assert.equal(first.coupon?.points, 0);
    assert.equal(first.expiresAt, '2026-03-08T12:00:00.000Z');
    const again = await api.merchant('/v1/coupons', { method: 'POST', json: body });
    assert.equal(again.headers.get('Idempotent-Replayed'), 'true');
    assert.deepEqual(await again.json(), first);
    const items = await wallet(api, 'zoe');
    assert.equal(items.length, 1);
    assert.equal(items[0]!.code, first.coupon!.code);
    const other = await api.merchant('/v1/coupons', { method: 'POST', json: { ...body, validDays: 8 } });
    assert.equal(other.status, 409);
  });

  it('issues to a segment: every member of the stage gets one code, counted in the answer', async () => {
    const seg = await startTestApi(DEFAULT_PROGRAM, { clock });
    try {
      const r = (await createReward(seg, { name: 'Win-back', cost: 1 })).id;
      for (const id of ['s1', 's2', 's3']) await order(seg, id, `o-${id}`, 10);
      await seg.merchant('/v1/members/s4', { method: 'PUT', json: {} }); // no order: potential
      const res = await seg.merchant('/v1/coupons', {
        method: 'POST',
        json: { batchKey: 'b1', rewardId: r, segment: { stage: 'new' } },
      });
      assert.equal(res.status, 201, await res.clone().text());
      const answer = IssueCouponsResponse.parse(await res.json());
      assert.deepEqual([answer.matched, answer.issued, answer.expiresAt], [3, 3, null]);
      const potential = IssueCouponsResponse.parse(
        await (
          await seg.merchant('/v1/coupons', {
            method: 'POST',
            json: { batchKey: 'b2', rewardId: r, segment: { stage: 'potential' } },
          })
        ).json(),
      );
      assert.equal(potential.issued, 1);
      const [bronze] = await seg.db.query<{ id: string }>("SELECT id FROM tiers WHERE name = 'Bronze'");
      const byTier = await seg.merchant('/v1/coupons', {
        method: 'POST',
        json: { batchKey: 'b3', rewardId: r, segment: { tierId: bronze!.id } },
      });
      assert.equal(IssueCouponsResponse.parse(await byTier.json()).issued, 4);
      const bad = await seg.merchant('/v1/coupons', { method: 'POST', json: { batchKey: 'b4', rewardId: r } });
      assert.equal(bad.status, 400);
      const noReward = await seg.merchant('/v1/coupons', {
        method: 'POST',
        json: { batchKey: 'b5', rewardId: randomUUID(), customerId: 's1' },
      });
      assert.equal(noReward.status, 404);
    } finally {
      await closeChecked(seg);
    }
  });
});

describe(`wrong coupon codes are rate-limited (${backend})`, () => {
  let api: TestApi;
  before(async () => {
    api = await startTestApi(DEFAULT_PROGRAM, { rateLimits: { couponMisses: { limit: 3, windowSeconds: 60 } } });
  });
  after(() => closeChecked(api));

  it('after the allowance of unknown codes, every code route answers 429 with Retry-After, even a real code', async () => {
    const reward = await createReward(api, { name: 'R', cost: 10 });
    await earn(api, 'liz', 100);
    const { code } = await redeemCode(api, 'liz', reward.id);
    for (let i = 0; i < 3; i++) assert.equal((await lookUp(api, `WRNG-CODE-00${i + 2}`)).status, 404);
    const blocked = await lookUp(api, 'WRNG-CODE-XXXX');
    assert.equal(blocked.status, 429);
    assert.ok(Number(blocked.headers.get('Retry-After')) >= 1);
    assert.equal((await lookUp(api, code)).status, 429);
    assert.equal((await use(api, code, 'o1')).status, 429);
  });
});

describe(`points as cash (${backend})`, () => {
  let api: TestApi;
  let clock: TestClock;
  before(async () => {
    clock = testClock('2026-03-01T12:00:00Z');
    // 100 points = ¥1.00
    api = await startTestApi({ ...DEFAULT_PROGRAM, pointsExpiryMonths: 12 }, { clock });
    const res = await api.merchant('/v1/program', {
      method: 'PATCH',
      json: { pointsDiscount: { minPoints: 100, step: 50, maxPoints: 5000, validMinutes: 30 } },
    });
    assert.equal(res.status, 200, await res.clone().text());
    assert.deepEqual((await res.json()).pointsDiscount, {
      minPoints: 100,
      step: 50,
      maxPoints: 5000,
      validMinutes: 30,
      maxSharePercent: null,
    });
  });
  after(() => closeChecked(api));

  it('holds the points: the balance drops, held shows them, the code is worth their cash value for 30 minutes', async () => {
    await earn(api, 'pam', 1000);
    const res = await discount(api, 'pam', 350);
    assert.equal(res.status, 201, await res.clone().text());
    const body = DiscountResponse.parse(await res.json());
    assert.deepEqual(body.points, { balance: 650, held: 350 });
    assert.equal(body.redemption.kind, 'points_discount');
    assert.deepEqual(body.redemption.value, { amount: 350, currency: 'CNY' });
    assert.equal(body.redemption.expiresAt, '2026-03-01T12:30:00.000Z');
    assert.deepEqual(await points(api, 'pam'), { ...(await points(api, 'pam')), balance: 650, held: 350 });
    const c = await coupon(await lookUp(api, body.redemption.code));
    assert.deepEqual([c.kind, c.reward, c.points, c.value?.amount], ['points_discount', null, 350, 350]);
    assert.equal((await wallet(api, 'pam'))[0]!.code, body.redemption.code);
  });

  it('refuses what the rule does not allow, and replays a retried key without holding twice', async () => {
    await earn(api, 'rob', 1000);
    for (const [pts, code] of [
      [50, 'discount_not_allowed'],
      [175, 'discount_not_allowed'],
      [5050, 'discount_not_allowed'],
      [2000, 'insufficient_points'],
    ] as const) {
      const res = await discount(api, 'rob', pts);
      assert.equal(res.status, 422, `${pts}`);
      assert.equal((await res.json()).error.code, code);
    }
    const key = randomUUID();
    const first = await (await discount(api, 'rob', 200, key)).json();
    const again = await discount(api, 'rob', 200, key);
    assert.equal(again.headers.get('Idempotent-Replayed'), 'true');
    assert.deepEqual(await again.json(), first);
    assert.equal((await points(api, 'rob')).balance, 800);
    assert.equal((await discount(api, 'rob', 300, key)).status, 409);
  });

  it('used at checkout: the held points are spent (no entry back), held goes to 0', async () => {
    await earn(api, 'sal', 1000);
    const { redemption } = DiscountResponse.parse(await (await discount(api, 'sal', 500)).json());
    assert.equal((await use(api, redemption.code, 'order-sal')).status, 200);
    clock.advance(1);
    const p = await points(api, 'sal');
    assert.deepEqual([p.balance, p.held], [500, 0]);
    const ledger = (await ledgerOf(api, 'sal')).filter((e) => e.type !== 'tier');
    assert.deepEqual(
      ledger.map((e) => [e.type, e.points]),
      [
        ['order', 1000],
        ['discount', -500],
      ],
    );
    clock.advance(-1);
  });

  it('an unused code that expires gives its points back exactly once: the lazy read and the sweep agree', async () => {
    // Two members in the same state; one is read (lazy), the other swept.
    for (const id of ['lazy', 'swept']) {
      await earn(api, id, 1000);
      assert.equal((await discount(api, id, 400)).status, 201);
    }
    clock.advance(1 / 24); // an hour later: the 30-minute codes have expired
    const lazy = await points(api, 'lazy');
    await sweepMembers(api.db, clock());
    await sweepMembers(api.db, clock());
    const swept = await points(api, 'swept');
    const again = await points(api, 'lazy');
    for (const p of [lazy, swept, again]) assert.deepEqual([p.balance, p.held, p.lifetimeEarned], [1000, 0, 1000]);
    const shape = async (id: string) =>
      (await ledgerOf(api, id)).filter((e) => e.type !== 'tier').map((e) => [e.type, e.points, e.balance_after]);
    assert.deepEqual(await shape('lazy'), await shape('swept'));
    assert.deepEqual(
      (await shape('lazy')).map((e) => [e[0], e[1]]),
      [
        ['order', 1000],
        ['discount', -400],
        ['discount', 400],
      ],
    );
    const [code] = await wallet(api, 'lazy');
    assert.equal(code!.status, 'expired');
    assert.equal((await use(api, code!.code, 'late')).status, 422);
    clock.advance(-1 / 24);
  });

  it('a read and the sweep racing at the expiry give the points back once', async () => {
    await earn(api, 'both', 1000);
    assert.equal((await discount(api, 'both', 400)).status, 201);
    clock.advance(1 / 24);
    await Promise.all([points(api, 'both'), sweepMembers(api.db, clock()), points(api, 'both')]);
    const back = (await ledgerOf(api, 'both')).filter((e) => e.type === 'discount' && e.points > 0);
    assert.deepEqual(
      back.map((e) => e.points),
      [400],
    );
    assert.equal((await points(api, 'both')).balance, 1000);
    clock.advance(-1 / 24);
  });

  it('returned points keep their age: they expire when the points they came from would have', async () => {
    await earn(api, 'old', 300);
    clock.advance(300);
    assert.equal((await discount(api, 'old', 300)).status, 201);
    clock.advance(1);
    assert.equal((await points(api, 'old')).balance, 300);
    clock.advance(70); // past 12 months from the earn
    assert.equal((await points(api, 'old')).balance, 0);
    clock.advance(-371);
  });

  it('a refund of an order that used a points discount gives back the refunded share of its points', async () => {
    await earn(api, 'ref', 500);
    const { redemption } = DiscountResponse.parse(await (await discount(api, 'ref', 400)).json());
    await use(api, redemption.code, 'order-ref');
    await order(api, 'ref', 'order-ref', 100); // paid ¥100 after the ¥4 off: 100 points
    assert.equal((await points(api, 'ref')).balance, 200);
    // Half refunded: half the order's points go (50), half the discount's points come back (200).
    assert.equal((await refunded(api, 'ref', 'order-ref', 'rf-1', 5000)).points.balance, 350);
    // The rest: the other 50 and 200; all 400 are back, exactly once.
    assert.equal((await refunded(api, 'ref', 'order-ref', 'rf-2', 5000)).points.balance, 500);
    const back = (await ledgerOf(api, 'ref')).filter((e) => e.type === 'discount' && e.points > 0);
    assert.deepEqual(
      back.map((e) => e.points),
      [200, 200],
    );
    assert.equal((await points(api, 'ref')).lifetimeEarned, 600);
  });

  it('a checkout that sends the order total gets maxSharePercent enforced: over the share, 422 and still available', async () => {
    const rule = { minPoints: 100, step: 50, maxPoints: 5000, validMinutes: 30 };
    const patched = await api.merchant('/v1/program', {
      method: 'PATCH',
      json: { pointsDiscount: { ...rule, maxSharePercent: 10 } },
    });
    assert.equal((await patched.json()).pointsDiscount.maxSharePercent, 10);
    await earn(api, 'cap', 1000);
    const { redemption } = DiscountResponse.parse(await (await discount(api, 'cap', 500)).json()); // ¥5.00
    const useWith = (orderId: string, amount: number, currency = 'CNY') =>
      api.merchant(`/v1/coupons/${redemption.code}/use`, {
        method: 'POST',
        json: { orderId, orderTotal: { amount, currency } },
      });
    const over = await useWith('cap-1', 4000); // 10% of ¥40 is ¥4
    assert.equal(over.status, 422);
    const body = await over.json();
    assert.equal(body.error.code, 'discount_exceeds_order');
    assert.deepEqual(body.error.details.cap, { amount: 400, currency: 'CNY' });
    assert.equal((await coupon(await lookUp(api, redemption.code))).status, 'available');
    assert.equal((await useWith('cap-2', 6000, 'USD')).status, 422);
    assert.equal((await useWith('cap-3', 6000)).status, 200);
    await api.merchant('/v1/program', { method: 'PATCH', json: { pointsDiscount: rule } });
  });

  it('voiding a points discount gives its points back; a program without the rule refuses discounts', async () => {
    await earn(api, 'vic', 500);
    const { redemption } = DiscountResponse.parse(await (await discount(api, 'vic', 500)).json());
    assert.equal((await points(api, 'vic')).balance, 0);
    await api.merchant(`/v1/coupons/${redemption.code}/void`, { method: 'POST' });
    assert.deepEqual([(await points(api, 'vic')).balance, (await points(api, 'vic')).held], [500, 0]);
    const off = await startTestApi(DEFAULT_PROGRAM, { clock });
    try {
      await earn(off, 'x', 500);
      const res = await discount(off, 'x', 100);
      assert.equal(res.status, 422);
      assert.equal((await res.json()).error.code, 'discount_unavailable');
    } finally {
      await closeChecked(off);
    }
  });
});

describe(`coupon stats by reward (${backend})`, () => {
  let api: TestApi;
  let clock: TestClock;
  before(async () => {
    clock = testClock('2026-05-01T12:00:00Z');
    api = await startTestApi(DEFAULT_PROGRAM, { clock });
    await api.merchant('/v1/program', { method: 'PATCH', json: { pointsDiscount: { minPoints: 100 } } });
  });
  after(() => closeChecked(api));

  it('counts codes issued, used, expired and voided per reward in a date range', async () => {
    const a = await createReward(api, { name: 'A', cost: 10, validDays: 5 });
    const b = await createReward(api, { name: 'B', cost: 10 });
    await earn(api, 'st', 900);
    const a1 = await redeemCode(api, 'st', a.id);
    const a2 = await redeemCode(api, 'st', a.id);
    await redeemCode(api, 'st', a.id); // expires unused
    const b1 = await redeemCode(api, 'st', b.id);
    await use(api, a1.code, 'o-a1');
    await use(api, a2.code, 'o-a2');
    await release(api, a2.code, 'o-a2'); // cancelled: not used any more
    await api.merchant(`/v1/coupons/${b1.code}/void`, { method: 'POST' });
    assert.equal((await discount(api, 'st', 100)).status, 201); // expires in 30 minutes
    const before = new Date('2026-04-01T00:00:00Z');
    clock.advance(10);
    const rows = await couponStats(api.db, api.program.id, before, clock(), clock());
    assert.deepEqual(rows, [
      { rewardId: a.id, rewardName: 'A', issued: 3, used: 1, expired: 2, void: 0 },
      { rewardId: b.id, rewardName: 'B', issued: 1, used: 0, expired: 0, void: 1 },
      { rewardId: null, rewardName: 'Points discount', issued: 1, used: 0, expired: 1, void: 0 },
    ]);
    // A range before anything happened is empty; one covering only the expiries counts only them.
    assert.deepEqual(await couponStats(api.db, api.program.id, new Date('2026-01-01'), before, clock()), []);
    const later = await couponStats(api.db, api.program.id, new Date('2026-05-03T00:00:00Z'), clock(), clock());
    assert.deepEqual(
      later.map((r) => [r.rewardName, r.issued, r.used, r.expired, r.void]),
      [['A', 0, 0, 2, 0]],
    );
  });
});
