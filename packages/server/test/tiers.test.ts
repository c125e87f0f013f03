import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ActivityList, Program, TierStatus } from '@member-center/contract';
import { sweepMembers } from '../src/member-state/sweep.js';
import {
  backend,
  closeChecked,
  DEFAULT_PROGRAM,
  ledgerOf,
  memberView,
  order,
  orderMinor,
  refunded,
  startTestApi,
  subscribe,
  type TestApi,
  type TestClock,
  testClock,
} from './harness.js';

/** The tier status without its messages (test/tier-cohorts.test.ts reads those). */
const tierOf = async (api: TestApi, customerId: string): Promise<TierStatus> => {
  const { tier } = await memberView<{ tier: TierStatus }>(api, customerId);
  const { memberDaysRemaining: _days, message: _next, ...progress } = tier.progress;
  const withoutMessage = ({ message: _keep, ...keep }: NonNullable<TierStatus['keep']>) => keep;
  return { ...tier, progress, keep: tier.keep && withoutMessage(tier.keep) };
};

const summary = (t: TierStatus) => ({
  current: t.current?.name ?? null,
  next: t.next?.name ?? null,
  progress: t.progress,
  keep: t.keep,
});

/** The member's tier entries, oldest first: [description, when]. */
const tierEntries = async (api: TestApi, customerId: string) =>
  (await ledgerOf(api, customerId))
    .filter((e) => e.type === 'tier')
    .map((e) => {
      assert.equal(e.points, 0, 'a tier entry moves no points');
      return [e.description, e.created_at.toISOString()];
    });

interface TierChanged {
  customerId: string;
  from: { id: string; name: string } | null;
  to: { id: string; name: string } | null;
  reason: 'qualified' | 'period_end';
  at: string;
}

/** The tier.changed events in the webhook outbox for a member, oldest first. */
async function tierEvents(api: TestApi, customerId: string) {
  const rows = await api.db.query<{ data: TierChanged | string; created_at: Date }>(
    `SELECT data, created_at FROM webhook_outbox WHERE program_id = $1 AND type = 'tier.changed' ORDER BY id`,
    [api.program.id],
  );
  return rows
    .map((r) => (typeof r.data === 'string' ? (JSON.parse(r.data) as TierChanged) : r.data))
    .filter((d) => d.customerId === customerId)
    .map((d) => [d.from?.name ?? null, d.to?.name ?? null, d.reason, d.at]);
}

describe(`tiers on points over a rolling window (${backend})`, () => {
  let api: TestApi;
  let clock: TestClock;
  before(async () => {
    clock = testClock('2026-01-10T12:00:00Z');
    api = await startTestApi(DEFAULT_PROGRAM, { clock });
    await subscribe(api, ['tier.changed']);
  });
  after(() => closeChecked(api));

  it('GET /v1/program states the rule', async () => {
    const program = (await (await api.browser('/v1/program')).json()) as Program;
    assert.deepEqual(program.tierWindow, { kind: 'rolling_months', months: 12, basis: 'points' });
  });

  it('upgrades at once when an order crosses a threshold; later orders earn at the new tier', async () => {
    clock.set('2026-01-10T12:00:00Z');
    assert.equal((await order(api, 'up', 'up-1', 1200)).pointsAwarded, 1200, 'the crossing order earns at Bronze');
    assert.deepEqual(summary(await tierOf(api, 'up')), {
      current: 'Silver',
      next: 'Gold',
      progress: { qualifyingPoints: 1200, remaining: 800, ratio: 0.2 },
      keep: { remaining: 1000, by: '2027-01-10T12:00:00.000Z', lastDay: '2027-01-10', keptThrough: '2028-01-10' },
    });
    assert.equal((await tierOf(api, 'up')).basis, 'points');

    clock.set('2026-01-10T13:00:00Z');
    assert.equal((await order(api, 'up', 'up-2', 400)).pointsAwarded, 500, 'Silver earns 1.25×');
    assert.deepEqual((await tierOf(api, 'up')).keep, {
      remaining: 500,
      by: '2027-01-10T12:00:00.000Z',
      lastDay: '2027-01-10',
      keptThrough: '2028-01-10',
    });

    clock.set('2026-01-11T12:00:00Z');
    assert.equal((await order(api, 'up', 'up-3', 300)).pointsAwarded, 375);
    assert.deepEqual(summary(await tierOf(api, 'up')), {
      current: 'Gold',
      next: null,
      progress: { qualifyingPoints: 2075, remaining: null, ratio: 1 },
      keep: { remaining: 2000, by: '2027-01-11T12:00:00.000Z', lastDay: '2027-01-11', keptThrough: '2028-01-11' },
    });

    const activity = (await (
      await api.browser('/v1/me/activity', { token: await api.token('up') })
    ).json()) as ActivityList;
    assert.deepEqual(
      activity.items.map((e) => [e.type, e.points, e.balance, e.description]),
      [
        ['tier', 0, 2075, 'Upgraded to Gold'],
        ['order', 375, 2075, 'Order up-3'],
        ['order', 500, 1700, 'Order up-2'],
        ['tier', 0, 1200, 'Upgraded to Silver'],
        ['order', 1200, 1200, 'Order up-1'],
      ],
    );
    assert.deepEqual(await tierEvents(api, 'up'), [
      ['Bronze', 'Silver', 'qualified', '2026-01-10T12:00:00.000Z'],
      ['Silver', 'Gold', 'qualified', '2026-01-11T12:00:00.000Z'],
    ]);
  });

  it('a refund lowers progress but not the tier; it moves down exactly at the end of its period', async () => {
    clock.set('2026-01-10T12:00:00Z');
    await order(api, 'refunded', 'rf-1', 1200);
    await refunded(api, 'refunded', 'rf-1', 'rf-1-a', 60_000); // half: 600 points back
    assert.deepEqual(summary(await tierOf(api, 'refunded')), {
      current: 'Silver',
      next: 'Gold',
      progress: { qualifyingPoints: 600, remaining: 1400, ratio: 0 },
      keep: { remaining: 1000, by: '2027-01-10T12:00:00.000Z', lastDay: '2027-01-10', keptThrough: '2028-01-10' },
    });

    clock.set('2027-01-10T11:59:59.999Z');
    assert.equal((await tierOf(api, 'refunded')).current?.name, 'Silver', 'held to the last millisecond');
    clock.set('2027-01-10T12:00:00.000Z');
    assert.deepEqual(summary(await tierOf(api, 'refunded')), {
      current: 'Bronze',
      next: 'Silver',
      progress: { qualifyingPoints: 0, remaining: 1000, ratio: 0 },
      keep: null,
    });
    assert.deepEqual(await tierEntries(api, 'refunded'), [
      ['Upgraded to Silver', '2026-01-10T12:00:00.000Z'],
      ['Moved down to Bronze', '2027-01-10T12:00:00.000Z'],
    ]);
    assert.deepEqual(await tierEvents(api, 'refunded'), [
      ['Bronze', 'Silver', 'qualified', '2026-01-10T12:00:00.000Z'],
      ['Silver', 'Bronze', 'period_end', '2027-01-10T12:00:00.000Z'],
    ]);
    clock.set('2027-03-01T00:00:00Z');
    await tierOf(api, 'refunded');
    assert.equal((await tierEvents(api, 'refunded')).length, 2, 'reads with nothing due change nothing');
  });

  it('the window rolling forward does not move a tier down before its period ends', async () => {
    clock.set('2026-02-01T00:00:00Z');
    await order(api, 'rolling', 'ro-1', 600);
    clock.set('2026-07-01T00:00:00Z');
    await order(api, 'rolling', 'ro-2', 500); // 1,100 in the window: Silver
    clock.set('2027-03-01T00:00:00Z'); // the February order has left the window
    assert.deepEqual(summary(await tierOf(api, 'rolling')), {
      current: 'Silver',
      next: 'Gold',
      progress: { qualifyingPoints: 500, remaining: 1500, ratio: 0 },
      keep: { remaining: 1000, by: '2027-07-01T00:00:00.000Z', lastDay: '2027-07-01', keptThrough: '2028-07-01' },
    });
    assert.deepEqual(await tierEntries(api, 'rolling'), [['Upgraded to Silver', '2026-07-01T00:00:00.000Z']]);
    clock.set('2027-07-01T00:00:00Z');
    assert.equal((await tierOf(api, 'rolling')).current?.name, 'Bronze');
  });

  it('a member who earns the threshold again within the period keeps the tier for another period', async () => {
    clock.set('2026-02-01T00:00:00Z');
    await order(api, 'keeper', 'k-1', 500);
    clock.set('2026-07-01T00:00:00Z');
    await order(api, 'keeper', 'k-2', 500); // Silver, held until 2027-07-01
    clock.set('2027-03-01T00:00:00Z');
    await order(api, 'keeper', 'k-3', 800); // 1,000 points at Silver since the upgrade
    assert.deepEqual(summary(await tierOf(api, 'keeper')), {
      current: 'Silver',
      next: 'Gold',
      progress: { qualifyingPoints: 1500, remaining: 500, ratio: 0.5 },
      keep: { remaining: 0, by: '2027-07-01T00:00:00.000Z', lastDay: '2027-07-01', keptThrough: '2028-07-01' },
    });
    clock.set('2027-07-01T00:00:00Z');
    assert.deepEqual(summary(await tierOf(api, 'keeper')), {
      current: 'Silver',
      next: 'Gold',
      progress: { qualifyingPoints: 1000, remaining: 1000, ratio: 0 },
      keep: { remaining: 1000, by: '2028-07-01T00:00:00.000Z', lastDay: '2028-07-01', keptThrough: '2029-07-01' },
    });
    assert.deepEqual(await tierEntries(api, 'keeper'), [['Upgraded to Silver', '2026-07-01T00:00:00.000Z']]);
    assert.equal((await tierEvents(api, 'keeper')).length, 1, 'keeping a tier is no change: no event');
  });

  it('an order after a period ended earns at the tier the member holds then, read or not', async () => {
    clock.set('2026-01-10T12:00:00Z');
    await order(api, 'lapsed', 'l-1', 1000);
    clock.set('2027-02-01T00:00:00Z'); // nobody read the member since
    assert.equal((await order(api, 'lapsed', 'l-2', 100)).pointsAwarded, 100, 'Bronze: 1×');
    assert.deepEqual(
      (await ledgerOf(api, 'lapsed')).map((e) => [e.type, e.points, e.description, e.created_at.toISOString()]),
      [
        ['order', 1000, 'Order l-1', '2026-01-10T12:00:00.000Z'],
        ['tier', 0, 'Upgraded to Silver', '2026-01-10T12:00:00.000Z'],
        ['tier', 0, 'Moved down to Bronze', '2027-01-10T12:00:00.000Z'],
        ['order', 100, 'Order l-2', '2027-02-01T00:00:00.000Z'],
      ],
    );
  });
});

describe(`tiers over the calendar year (${backend})`, () => {
  let api: TestApi;
  let clock: TestClock;
  before(async () => {
    clock = testClock('2026-12-20T04:00:00Z');
    // Asia/Shanghai (UTC+8): the year begins at 16:00 UTC on 31 December.
    api = await startTestApi({ ...DEFAULT_PROGRAM, tierWindow: { kind: 'calendar_year' } }, { clock });
    await subscribe(api, ['tier.changed']);
  });
  after(() => closeChecked(api));

  it('a tier reached in a year is held through the next one, then judged on that year', async () => {
    const program = (await (await api.browser('/v1/program')).json()) as Program;
    assert.deepEqual(program.tierWindow, { kind: 'calendar_year', basis: 'points' });

    clock.set('2026-12-20T04:00:00Z');
    await order(api, 'cal', 'c-1', 1000);
    assert.deepEqual((await tierOf(api, 'cal')).keep, {
      remaining: 1000,
      by: '2027-12-31T16:00:00.000Z',
      lastDay: '2027-12-31',
      keptThrough: '2028-12-31',
    });

    clock.set('2026-12-31T16:00:00Z'); // 1 January 2027 in Shanghai: progress starts over, the tier stays
    assert.deepEqual(summary(await tierOf(api, 'cal')), {
      current: 'Silver',
      next: 'Gold',
      progress: { qualifyingPoints: 0, remaining: 2000, ratio: 0 },
      keep: { remaining: 1000, by: '2027-12-31T16:00:00.000Z', lastDay: '2027-12-31', keptThrough: '2028-12-31' },
    });
    clock.set('2027-06-01T00:00:00Z');
    assert.equal((await order(api, 'cal', 'c-2', 700)).pointsAwarded, 875);
    assert.deepEqual((await tierOf(api, 'cal')).keep, {
      remaining: 125,
      by: '2027-12-31T16:00:00.000Z',
      lastDay: '2027-12-31',
      keptThrough: '2028-12-31',
    });

    clock.set('2027-12-31T15:59:59.999Z');
    assert.equal((await tierOf(api, 'cal')).current?.name, 'Silver');
    clock.set('2027-12-31T16:00:00Z');
    assert.equal((await tierOf(api, 'cal')).current?.name, 'Bronze');
    assert.deepEqual(await tierEvents(api, 'cal'), [
      ['Bronze', 'Silver', 'qualified', '2026-12-20T04:00:00.000Z'],
      ['Silver', 'Bronze', 'period_end', '2027-12-31T16:00:00.000Z'],
    ]);
  });

  it('reaching the threshold again in the next year keeps the tier through the year after', async () => {
    clock.set('2026-12-20T04:00:00Z');
    await order(api, 'cal-keeper', 'ck-1', 1000);
    clock.set('2027-03-01T00:00:00Z');
    await order(api, 'cal-keeper', 'ck-2', 1000); // 1,250 at Silver
    assert.deepEqual((await tierOf(api, 'cal-keeper')).keep, {
      remaining: 0,
      by: '2027-12-31T16:00:00.000Z',
      lastDay: '2027-12-31',
      keptThrough: '2028-12-31',
    });
    clock.set('2027-12-31T16:00:00Z');
    assert.deepEqual(summary(await tierOf(api, 'cal-keeper')), {
      current: 'Silver',
      next: 'Gold',
      progress: { qualifyingPoints: 0, remaining: 2000, ratio: 0 },
      keep: { remaining: 1000, by: '2028-12-31T16:00:00.000Z', lastDay: '2028-12-31', keptThrough: '2029-12-31' },
    });
    assert.equal((await tierEvents(api, 'cal-keeper')).length, 1);
  });
});

describe(`tiers on spend (${backend})`, () => {
  let api: TestApi;
  let clock: TestClock;
  before(async () => {
    clock = testClock('2026-01-10T12:00:00Z');
    api = await startTestApi(
      {
        ...DEFAULT_PROGRAM,
        tierWindow: { basis: 'spend' },
        tiers: [
          { name: 'Bronze', threshold: 0 },
          { name: 'Silver', threshold: 100_000, multiplierPercent: 125 }, // ¥1,000.00
          { name: 'Gold', threshold: 200_000, multiplierPercent: 150 },
        ],
      },
      { clock },
    );
  });
  after(() => closeChecked(api));

  it('counts order totals in minor units, even an order that earns no points', async () => {
    await orderMinor(api, 'spender', 's-1', 99_999);
    const before = await tierOf(api, 'spender');
    assert.equal(before.basis, 'spend');
    assert.deepEqual(summary(before), {
      current: 'Bronze',
      next: 'Silver',
      progress: { qualifyingPoints: 99_999, remaining: 1, ratio: 0.99999 },
      keep: null,
    });
    assert.equal((await orderMinor(api, 'spender', 's-2', 1)).pointsAwarded, 0, '¥0.01 earns no point');
    assert.deepEqual(summary(await tierOf(api, 'spender')), {
      current: 'Silver',
      next: 'Gold',
      progress: { qualifyingPoints: 100_000, remaining: 100_000, ratio: 0 },
      keep: { remaining: 100_000, by: '2027-01-10T12:00:00.000Z', lastDay: '2027-01-10', keptThrough: '2028-01-10' },
    });
    await refunded(api, 'spender', 's-1', 's-1-a', 50_000);
    const afterRefund = await tierOf(api, 'spender');
    assert.equal(afterRefund.current?.name, 'Silver', 'a refund never moves a tier down mid-period');
    assert.equal(afterRefund.progress.qualifyingPoints, 50_000);
  });

  it('a held order counts once its return window has passed', async () => {
    const patched = await api.merchant('/v1/program', { method: 'PATCH', json: { returnWindowDays: 14 } });
    assert.equal(patched.status, 200);
    clock.set('2026-02-01T00:00:00Z');
    await orderMinor(api, 'patient', 'p-1', 150_000);
    assert.deepEqual((await tierOf(api, 'patient')).progress.qualifyingPoints, 0);
    clock.set('2026-02-15T00:00:00Z');
    const released = await tierOf(api, 'patient');
    assert.equal(released.current?.name, 'Silver');
    assert.equal(released.progress.qualifyingPoints, 150_000);
    assert.deepEqual(await tierEntries(api, 'patient'), [['Upgraded to Silver', '2026-02-15T00:00:00.000Z']]);
  });

  it('PATCH /v1/program validates the tier rule and changes nothing on a 400', async () => {
    for (const tierWindow of [
      { kind: 'calendar_year', months: 6 },
      { months: 6 },
      { kind: 'rolling_months', months: 0 },
      { kind: 'rolling_months', months: 37 },
      { kind: 'weekly' },
      { basis: 'visits' },
      { basis: 'spend', extra: true },
    ]) {
      const res = await api.merchant('/v1/program', { method: 'PATCH', json: { tierWindow, birthdayPoints: 5 } });
      assert.equal(res.status, 400, JSON.stringify(tierWindow));
      assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'invalid_request');
    }
    let program = (await (await api.browser('/v1/program')).json()) as Program;
    assert.deepEqual(program.tierWindow, { kind: 'rolling_months', months: 12, basis: 'spend' });
    assert.equal(program.birthdayPoints, 0);

    const res = await api.merchant('/v1/program', {
      method: 'PATCH',
      json: { tierWindow: { kind: 'rolling_months', months: 6, basis: 'points' } },
    });
    assert.equal(res.status, 200);
    assert.deepEqual(((await res.json()) as Program).tierWindow, {
      kind: 'rolling_months',
      months: 6,
      basis: 'points',
    });
    program = (await (await api.browser('/v1/program')).json()) as Program;
    assert.deepEqual(program.tierWindow, { kind: 'rolling_months', months: 6, basis: 'points' });
    // A tier already held keeps its period end under the new rule.
    assert.deepEqual((await tierOf(api, 'spender')).keep?.by, '2027-01-10T12:00:00.000Z');
  });
});

describe(`tier period ends: a read and the sweep agree (${backend})`, () => {
  let api: TestApi;
  let clock: TestClock;
  before(async () => {
    clock = testClock('2026-01-10T12:00:00Z');
    api = await startTestApi({ ...DEFAULT_PROGRAM, pointsExpiryMonths: 12 }, { clock });
    await subscribe(api, ['tier.changed']);
  });
  after(() => closeChecked(api));

  it('give the same tier, ledger and events for the same history', async () => {
    const history = async (customerId: string) => {
      clock.set('2026-01-10T12:00:00Z');
      await order(api, customerId, `${customerId}-1`, 1200);
      clock.set('2026-04-01T00:00:00Z');
      await order(api, customerId, `${customerId}-2`, 200);
    };
    await history('lazy');
    await history('swept');

    const when = new Date('2027-02-01T00:00:00Z'); // Silver's period and the first lot both ended
    clock.set(when.toISOString());
    const read = await tierOf(api, 'lazy');
    assert.deepEqual(await sweepMembers(api.db, when), { members: 1, entries: 1 }, 'one expiry; the read did the rest');
    assert.deepEqual(await tierOf(api, 'swept'), read);
    assert.equal(read.current?.name, 'Bronze');

    const comparable = async (customerId: string) =>
      (await ledgerOf(api, customerId)).map((e) => ({
        ...e,
        description: e.description.replace(customerId, ''),
        order_id: null,
      }));
    const [lazy, swept] = [await comparable('lazy'), await comparable('swept')];
    assert.deepEqual(lazy, swept);
    assert.deepEqual(
      swept.map((e) => [e.type, e.points, e.balance_after, e.created_at.toISOString()]),
      [
        ['order', 1200, 1200, '2026-01-10T12:00:00.000Z'],
        ['tier', 0, 1200, '2026-01-10T12:00:00.000Z'],
        ['order', 250, 1450, '2026-04-01T00:00:00.000Z'],
        ['tier', 0, 1450, '2027-01-10T12:00:00.000Z'],
        ['expiry', -1200, 250, '2027-02-01T00:00:00.000Z'],
      ],
    );
    assert.deepEqual(await tierEvents(api, 'lazy'), await tierEvents(api, 'swept'));
    assert.deepEqual(await sweepMembers(api.db, when), { members: 0, entries: 0 }, 'a second sweep finds nothing');
    assert.equal((await ledgerOf(api, 'swept')).length, 5, 'and a read after the sweep writes nothing');
  });
});
