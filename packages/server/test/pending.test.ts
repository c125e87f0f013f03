import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sweepMembers } from '../src/member-state/sweep.js';
import {
  backend,
  closeChecked,
  createReward,
  DEFAULT_PROGRAM,
  ledgerOf,
  memberView,
  order,
  redeem,
  startTestApi,
  type TestApi,
  type TestClock,
  testClock,
} from './harness.js';

interface Points {
  balance: number;
  pending: { points: number; availableAt: string }[];
  pendingTotal: number;
  expiring: { points: number; expiresAt: string }[];
}

type MeView = {
  points: Points;
  tier: { progress: { qualifyingPoints: number } };
};
const me = (api: TestApi, customerId: string) => memberView<MeView>(api, customerId);

describe(`pending points (${backend})`, () => {
  let api: TestApi;
  let clock: TestClock;
  before(async () => {
    clock = testClock('2026-01-10T12:00:00Z');
    api = await startTestApi({ ...DEFAULT_PROGRAM, returnWindowDays: 14, pointsExpiryMonths: 12 }, { clock });
  });
  after(() => closeChecked(api));

  it('GET /v1/program shows the return window; PATCH /v1/program changes it', async () => {
    assert.equal((await (await api.browser('/v1/program')).json()).returnWindowDays, 14);
    const bad = await api.merchant('/v1/program', { method: 'PATCH', json: { returnWindowDays: 400 } });
    assert.equal(bad.status, 400);
    const res = await api.merchant('/v1/program', { method: 'PATCH', json: { returnWindowDays: 14 } });
    assert.equal((await res.json()).returnWindowDays, 14);
  });

  it('holds order points for the window: shown as pending, not spendable, then released', async () => {
    clock.set('2026-01-10T12:00:00Z');
    const first = await order(api, 'holder', 'hold-1', 300);
    assert.deepEqual(first, { pointsAwarded: 300, pendingUntil: '2026-01-24T12:00:00.000Z', points: { balance: 0 } });
    assert.deepEqual(await order(api, 'holder', 'hold-1', 300), first, 'a replayed order answers the same');
    clock.set('2026-01-12T12:00:00Z');
    await order(api, 'holder', 'hold-2', 200);

    let summary = await me(api, 'holder');
    assert.equal(summary.points.balance, 0);
    assert.deepEqual(summary.points.pending, [
      { points: 300, availableAt: '2026-01-24T12:00:00.000Z' },
      { points: 200, availableAt: '2026-01-26T12:00:00.000Z' },
    ]);
    assert.equal(summary.points.pendingTotal, 500);
    assert.equal(summary.tier.progress.qualifyingPoints, 0, 'pending points do not count toward tiers yet');

    const reward = await createReward(api, { name: 'Pending test', cost: 100 });
    const refused = await redeem(api, 'holder', reward.id);
    assert.equal(refused.status, 422);
    assert.equal((await refused.json()).error.code, 'insufficient_points');
    assert.deepEqual(await ledgerOf(api, 'holder'), [], 'nothing in the ledger while pending');

    clock.set('2026-01-25T00:00:00Z');
    summary = await me(api, 'holder');
    assert.equal(summary.points.balance, 300);
    assert.deepEqual(summary.points.pending, [{ points: 200, availableAt: '2026-01-26T12:00:00.000Z' }]);
    assert.equal(summary.points.pendingTotal, 200);
    assert.equal(summary.tier.progress.qualifyingPoints, 300);
    const ledger = await ledgerOf(api, 'holder');
    assert.deepEqual(
      ledger.map((e) => [e.type, e.points, e.balance_after, e.created_at.toISOString()]),
      [['order', 300, 300, '2026-01-25T00:00:00.000Z']],
    );
  });

  it('a window of 0 credits at once; a new window applies to new orders only', async () => {
    clock.set('2026-02-01T00:00:00Z');
    await order(api, 'switcher', 'sw-1', 100); // held 14 days
    await api.merchant('/v1/program', { method: 'PATCH', json: { returnWindowDays: 0 } });
    const now = await order(api, 'switcher', 'sw-2', 50);
    assert.deepEqual(now, { pointsAwarded: 50, points: { balance: 50 } });
    const summary = await me(api, 'switcher');
    assert.equal(summary.points.balance, 50);
    assert.equal(summary.points.pendingTotal, 100);
    await api.merchant('/v1/program', { method: 'PATCH', json: { returnWindowDays: 14 } });
  });

  it('release and expiry by a read and by the sweep write the same ledger; age counts from release', async () => {
    const history = async (customerId: string) => {
      clock.set('2026-03-01T00:00:00Z');
      await order(api, customerId, `${customerId}-1`, 100); // available 03-15, expires 2027-03-15
      clock.set('2026-03-10T00:00:00Z');
      await order(api, customerId, `${customerId}-2`, 70); // available 03-24, expires 2027-03-24
    };
    await history('read');
    await history('swept');

    // Both windows passed long ago; the first lot has expired, the second expires in 4 days.
    const when = '2027-03-20T00:00:00.000Z';
    clock.set(when);
    const read = await me(api, 'read');
    // The sweep also settles the earlier tests' members; 'read' was settled by its read.
    assert.ok((await sweepMembers(api.db, new Date(when))).entries >= 3);
    const swept = await me(api, 'swept');
    for (const summary of [read, swept]) {
      assert.equal(summary.points.balance, 70);
      assert.deepEqual(summary.points.pending, []);
      assert.deepEqual(summary.points.expiring, [{ points: 70, expiresAt: '2027-03-24T00:00:00.000Z' }]);
    }
    const [a, b] = [await ledgerOf(api, 'read'), await ledgerOf(api, 'swept')];
    assert.deepEqual(
      b.map((e) => [e.type, e.points, e.balance_after]),
      [
        ['order', 100, 100],
        ['order', 70, 170],
        ['expiry', -100, 70],
      ],
    );
    // Order ids (and the descriptions naming them) are per member; everything else, timestamps included, must match.
    const comparable = (entries: typeof a) =>
      entries.map(({ type, points, balance_after, created_at }) => ({ type, points, balance_after, created_at }));
    assert.deepEqual(comparable(a), comparable(b));
  });
});
