import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { sweepMembers } from '../src/member-state/sweep.js';
import {
  backend,
  closeChecked,
  createReward,
  DEFAULT_PROGRAM,
  earn,
  ledgerOf,
  memberView,
  redeem,
  redeemed,
  startTestApi,
  type TestApi,
  type TestClock,
  testClock,
} from './harness.js';

type MeView = { points: { balance: number; expiring: { points: number; expiresAt: string }[] } };
const me = (api: TestApi, customerId: string) => memberView<MeView>(api, customerId);

describe(`expiry (${backend})`, () => {
  let api: TestApi;
  let clock: TestClock;
  let reward100: string;
  let reward80: string;
  before(async () => {
    clock = testClock('2026-01-10T12:00:00Z');
    api = await startTestApi({ ...DEFAULT_PROGRAM, pointsExpiryMonths: 12 }, { clock });
    reward100 = (await createReward(api, { name: 'Coupon 100', cost: 100 })).id;
    reward80 = (await createReward(api, { name: 'Coupon 80', cost: 80 })).id;
  });
  after(() => closeChecked(api));

  it('GET /v1/program shows the period; PATCH /v1/program changes it (secret key only)', async () => {
    const program = await (await api.browser('/v1/program')).json();
    assert.deepEqual(program.pointsExpiry, { months: 12 });
    const asBrowser = await api.browser('/v1/program', { method: 'PATCH', json: { pointsExpiryMonths: 6 } });
    assert.equal(asBrowser.status, 401);
    const bad = await api.merchant('/v1/program', { method: 'PATCH', json: { pointsExpiryMonths: 0 } });
    assert.equal(bad.status, 400);
    const never = await api.merchant('/v1/program', { method: 'PATCH', json: { pointsExpiryMonths: null } });
    assert.equal(never.status, 200);
    assert.equal((await never.json()).pointsExpiry, null);
    const back = await api.merchant('/v1/program', { method: 'PATCH', json: { pointsExpiryMonths: 12 } });
    assert.deepEqual((await back.json()).pointsExpiry, { months: 12 });
  });

  it('spends the oldest points first, lists what expires within 30 days, writes off the rest when due', async () => {
    clock.set('2026-01-10T12:00:00Z');
    await earn(api, 'fifo', 100); // lot A, expires 2027-01-10
    clock.set('2026-03-10T12:00:00Z');
    await earn(api, 'fifo', 50); // lot B, expires 2027-03-10
    clock.set('2026-04-01T12:00:00Z');
    await redeemed(api, 'fifo', reward80); // takes 80 of A: A 20, B 50

    clock.set('2026-12-01T12:00:00Z');
    assert.deepEqual((await me(api, 'fifo')).points.expiring, [], 'nothing within 30 days yet');
    clock.set('2026-12-20T12:00:00Z');
    let summary = await me(api, 'fifo');
    assert.equal(summary.points.balance, 70);
    assert.deepEqual(summary.points.expiring, [{ points: 20, expiresAt: '2027-01-10T12:00:00.000Z' }]);

    clock.set('2027-01-10T12:00:01Z');
    summary = await me(api, 'fifo');
    assert.equal(summary.points.balance, 50, 'the 20 left of the first earn expired; the second earn is whole');
    assert.deepEqual(summary.points.expiring, []);
    clock.set('2027-02-20T12:00:00Z');
    assert.deepEqual((await me(api, 'fifo')).points.expiring, [{ points: 50, expiresAt: '2027-03-10T12:00:00.000Z' }]);
    clock.set('2027-03-11T00:00:00Z');
    assert.equal((await me(api, 'fifo')).points.balance, 0);

    const ledger = await ledgerOf(api, 'fifo');
    assert.deepEqual(
      ledger.map((e) => [e.type, e.points, e.balance_after]),
      [
        ['order', 100, 100],
        ['order', 50, 150],
        ['redemption', -80, 70],
        ['expiry', -20, 50],
        ['expiry', -50, 0],
      ],
    );
    const activity = await (await api.browser('/v1/me/activity', { token: await api.token('fifo') })).json();
    assert.equal(activity.items[0].type, 'expiry');
    assert.equal(activity.items[0].description, 'Points earned 2026-03-10 expired');
  });

  it('expired points cannot be spent: a redemption after the date sees them gone', async () => {
    clock.set('2026-01-10T12:00:00Z');
    await earn(api, 'late', 100);
    clock.set('2027-01-11T12:00:00Z');
    const res = await redeem(api, 'late', reward100);
    assert.equal(res.status, 422);
    assert.equal((await res.json()).error.code, 'insufficient_points');
    // The refusal rolled back everything, the write-off included; the next read makes it.
    assert.equal((await me(api, 'late')).points.balance, 0);
    assert.deepEqual(
      (await ledgerOf(api, 'late')).map((e) => e.type),
      ['order', 'expiry'],
    );
  });

  it('a read and the sweep give the same ledger and balance for the same history', async () => {
    const history = async (customerId: string) => {
      clock.set('2026-02-01T08:00:00Z');
      await earn(api, customerId, 300);
      clock.set('2026-05-01T08:00:00Z');
      await earn(api, customerId, 200);
      clock.set('2026-06-01T08:00:00Z');
      await redeemed(api, customerId, reward100);
      clock.set('2026-09-01T08:00:00Z');
      await earn(api, customerId, 40);
    };
    await history('lazy');
    await history('swept');

    const when = new Date('2027-05-15T00:00:00Z'); // the first two earns are due, the third is not
    clock.set(when.toISOString());
    const read = await me(api, 'lazy');
    const swept = await sweepMembers(api.db, when);
    assert.deepEqual(swept, { members: 1, entries: 2 }, 'the read had already settled the lazy member');

    const [lazy, sweep] = [await ledgerOf(api, 'lazy'), await ledgerOf(api, 'swept')];
    assert.deepEqual(
      sweep.map((e) => [e.type, e.points, e.balance_after]),
      [
        ['order', 300, 300],
        ['order', 200, 500],
        ['redemption', -100, 400],
        ['order', 40, 440],
        ['expiry', -200, 240],
        ['expiry', -200, 40],
      ],
    );
    // Order ids are random per member; everything else, timestamps included, must match.
    const comparable = (entries: typeof lazy) =>
      entries.map((e) => ({ ...e, description: e.type === 'order' ? 'Order' : e.description, order_id: null }));
    assert.deepEqual(comparable(lazy), comparable(sweep));
    assert.equal(read.points.balance, 40);
    assert.equal((await me(api, 'swept')).points.balance, 40);

    assert.deepEqual(await sweepMembers(api.db, when), { members: 0, entries: 0 }, 'a second sweep finds nothing');
    assert.equal((await ledgerOf(api, 'swept')).length, 6, 'and a read after the sweep writes nothing');
  });

  it('concurrent redemptions across many lots take each point once, oldest first', async () => {
    for (let month = 1; month <= 10; month++) {
      clock.set(`2026-${String(month).padStart(2, '0')}-15T00:00:00Z`);
      await earn(api, 'many-lots', 55);
    }
    clock.set('2026-11-01T00:00:00Z');
    const token = await api.token('many-lots');
    const responses = await Promise.all(
      Array.from({ length: 20 }, () =>
        api.browser('/v1/me/redemptions', {
          method: 'POST',
          token,
          headers: { 'Idempotency-Key': randomUUID() },
          json: { rewardId: reward100 },
        }),
      ),
    );
    assert.equal(responses.filter((r) => r.status === 201).length, 5);
    const lots = await api.db.query<{ remaining: number }>(
      `SELECT remaining FROM point_lots WHERE member_id = (SELECT id FROM members WHERE customer_id = 'many-lots')
       ORDER BY earned_at`,
    );
    assert.deepEqual(
      lots.map((l) => l.remaining),
      [0, 0, 0, 0, 0, 0, 0, 0, 0, 50],
    );
  });

  it('a program whose points never expire writes nothing off', async () => {
    const forever = await startTestApi(DEFAULT_PROGRAM, { clock });
    try {
      clock.set('2020-01-01T00:00:00Z');
      await earn(forever, 'keeper', 100);
      clock.set('2030-01-01T00:00:00Z');
      assert.deepEqual(await sweepMembers(forever.db, clock()), { members: 0, entries: 0 });
      assert.deepEqual((await me(forever, 'keeper')).points, {
        balance: 100,
        lifetimeEarned: 100,
        cashValue: { amount: 100, currency: 'CNY' },
        expiring: [],
        pending: [],
        pendingTotal: 0,
        debt: 0,
        held: 0,
      });
    } finally {
      await forever.close();
    }
  });
});
