import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { orderPoints } from '../src/commands/orders.js';
import { tiersOf } from '../src/kernel/programs.js';
import {
  backend,
  closeChecked,
  DEFAULT_PROGRAM,
  order,
  startTestApi,
  type TestApi,
  type TestClock,
  testClock,
} from './harness.js';

interface Campaign {
  id: string;
  name: string;
  multiplier: number;
  startsAt: string;
  endsAt: string;
  tierId: string | null;
  firstOrderOnly: boolean;
}

const create = async (api: TestApi, campaign: Record<string, unknown>) => {
  const res = await api.merchant('/v1/campaigns', { method: 'POST', json: campaign });
  assert.equal(res.status, 201, await res.clone().text());
  return ((await res.json()) as { campaign: Campaign }).campaign;
};

describe(`campaigns (${backend})`, () => {
  let api: TestApi;
  let clock: TestClock;
  let gold: string;
  before(async () => {
    clock = testClock('2026-06-01T00:00:00Z');
    api = await startTestApi(DEFAULT_PROGRAM, { clock });
    gold = (await tiersOf(api.db, api.program.id)).find((t) => t.name === 'Gold')!.id;
  });
  after(() => closeChecked(api));

  it('multiplies whole currency units in integer arithmetic and rounds down once', () => {
    // ¥9.99 is 9 whole units: Silver 1.25× and a 1.5× campaign give 9 × 1.875 = 16.875 → 16.
    assert.equal(orderPoints(999, 'CNY', 1, 125, 150), 16);
    assert.equal(orderPoints(999, 'CNY', 1, 125), 11);
    // Rounded once, not per multiplier: ¥3.99 → 3 × 1.25 × 1.5 = 5.625 → 5 (twice would give 4).
    assert.equal(orderPoints(399, 'CNY', 1, 125, 150), 5);
    // docs/api.md's examples: a fraction of a unit never earns, whatever the multipliers.
    assert.equal(orderPoints(12_999, 'CNY', 1, 125), 161);
    assert.equal(orderPoints(99, 'CNY', 1, 100, 300), 0);
    assert.equal(orderPoints(99, 'JPY', 2, 150), 297, 'a currency without minor units: every yen is a unit');
  });

  it('creates, lists and validates campaigns (secret key only)', async () => {
    const double = await create(api, {
      name: 'Double points week',
      multiplier: 2,
      startsAt: '2026-06-10T00:00:00Z',
      endsAt: '2026-06-17T00:00:00+00:00',
    });
    assert.deepEqual(
      { ...double, id: undefined, createdAt: undefined },
      {
        id: undefined,
        name: 'Double points week',
        multiplier: 2,
        startsAt: '2026-06-10T00:00:00.000Z',
        endsAt: '2026-06-17T00:00:00.000Z',
        tierId: null,
        firstOrderOnly: false,
        createdAt: undefined,
        holdoutShare: 0,
      },
    );
    const list = await (await api.merchant('/v1/campaigns')).json();
    assert.deepEqual(
      list.items.map((c: Campaign) => c.id),
      [double.id],
    );
    const asBrowser = await api.browser('/v1/campaigns');
    assert.equal(asBrowser.status, 401);

    const invalid = [
      { name: 'x', multiplier: 0.5, startsAt: '2026-06-10T00:00:00Z', endsAt: '2026-06-11T00:00:00Z' },
      { name: 'x', multiplier: 1.234, startsAt: '2026-06-10T00:00:00Z', endsAt: '2026-06-11T00:00:00Z' },
      { name: 'x', multiplier: 2, startsAt: '2026-06-10T00:00:00Z', endsAt: '2026-06-10T00:00:00Z' },
      { name: 'x', multiplier: 2, startsAt: 'tomorrow', endsAt: '2026-06-11T00:00:00Z' },
      { name: 'x', multiplier: 2, startsAt: '2026-06-10T00:00:00Z', endsAt: '2026-06-11T00:00:00Z', extra: 1 },
    ];
    for (const body of invalid) {
      const res = await api.merchant('/v1/campaigns', { method: 'POST', json: body });
      assert.equal(res.status, 400, JSON.stringify(body));
    }
    const unknownTier = await api.merchant('/v1/campaigns', {
      method: 'POST',
      json: {
        name: 'x',
        multiplier: 2,
        startsAt: '2026-06-10T00:00:00Z',
        endsAt: '2026-06-11T00:00:00Z',
        tierId: '00000000-0000-4000-8000-000000000000',
      },
    });
    assert.equal(unknownTier.status, 404);
  });

  it('applies only while running; GET /v1/program lists the running ones', async () => {
    clock.set('2026-06-09T23:59:59Z');
    assert.deepEqual(await order(api, 'shopper', 'before', 100), { pointsAwarded: 100, points: { balance: 100 } });
    assert.deepEqual((await (await api.browser('/v1/program')).json()).campaigns, []);

    clock.set('2026-06-10T00:00:00Z');
    const during = await order(api, 'shopper', 'during', 100);
    assert.equal(during.pointsAwarded, 200);
    assert.equal(during.campaign?.name, 'Double points week');
    assert.deepEqual((await (await api.browser('/v1/program')).json()).campaigns, [
      {
        name: 'Double points week',
        multiplier: 2,
        endsAt: '2026-06-17T00:00:00.000Z',
        tierId: null,
        firstOrderOnly: false,
      },
    ]);

    clock.set('2026-06-17T00:00:00Z');
    assert.equal((await order(api, 'shopper', 'after', 100)).pointsAwarded, 100);
  });

  it('the tier multiplier and the campaign multiply; of overlapping campaigns only the best applies', async () => {
    clock.set('2026-07-01T00:00:00Z');
    await create(api, {
      name: 'July 1.5×',
      multiplier: 1.5,
      startsAt: '2026-07-01T00:00:00Z',
      endsAt: '2026-08-01T00:00:00Z',
    });
    await create(api, {
      name: 'July 3×',
      multiplier: 3,
      startsAt: '2026-07-10T00:00:00Z',
      endsAt: '2026-07-11T00:00:00Z',
    });
    await order(api, 'silver', 'silver-up', 1000); // 1.5× → 1500 points: Silver (1.25×)
    const silver = await order(api, 'silver', 'silver-2', 100);
    assert.deepEqual(silver.campaign && [silver.campaign.name, silver.pointsAwarded], ['July 1.5×', 187]); // 100 × 1.25 × 1.5

    clock.set('2026-07-10T12:00:00Z');
    const best = await order(api, 'silver', 'silver-3', 100);
    assert.equal(best.campaign?.name, 'July 3×');
    assert.equal(best.pointsAwarded, 375, '100 × 1.25 × 3, not × 1.5 as well');
    const running = (await (await api.browser('/v1/program')).json()).campaigns.map((c: Campaign) => c.name);
    assert.deepEqual(running, ['July 3×', 'July 1.5×'], 'ending soonest first');
  });

  it('a tier campaign applies at that tier and above; a first-order campaign to first orders only', async () => {
    clock.set('2026-09-01T00:00:00Z');
    await create(api, {
      name: 'Gold 4×',
      multiplier: 4,
      startsAt: '2026-09-01T00:00:00Z',
      endsAt: '2026-10-01T00:00:00Z',
      tierId: gold,
    });
    const welcome = await create(api, {
      name: 'Welcome 2×',
      multiplier: 2,
      startsAt: '2026-09-01T00:00:00Z',
      endsAt: '2026-10-01T00:00:00Z',
      firstOrderOnly: true,
    });
    assert.equal(welcome.firstOrderOnly, true);
    const first = await order(api, 'newcomer', 'n-1', 100);
    assert.deepEqual([first.campaign?.name, first.pointsAwarded], ['Welcome 2×', 200]);
    const second = await order(api, 'newcomer', 'n-2', 100);
    assert.deepEqual([second.campaign, second.pointsAwarded], [undefined, 100]);
    // A replayed first order answers as it did.
    assert.deepEqual(await order(api, 'newcomer', 'n-1', 100), first);

    await order(api, 'big', 'big-1', 1000); // welcome 2× → 2000: Gold
    const gold4 = await order(api, 'big', 'big-2', 100);
    assert.deepEqual([gold4.campaign?.name, gold4.pointsAwarded], ['Gold 4×', 600]); // 100 × 1.5 × 4
  });

  it('racing first orders: only one is the first', async () => {
    const results = await Promise.all([1, 2, 3, 4].map((i) => order(api, 'racer', `race-${i}`, 100)));
    assert.deepEqual(results.map((r) => r.pointsAwarded).sort(), [100, 100, 100, 200]);
  });

  it('PATCH /v1/campaigns/{id} ends a campaign early or renames it', async () => {
    clock.set('2026-09-15T00:00:00Z');
    const list = (await (await api.merchant('/v1/campaigns')).json()).items as Campaign[];
    const welcome = list.find((c) => c.name === 'Welcome 2×')!;
    const tooEarly = await api.merchant(`/v1/campaigns/${welcome.id}`, {
      method: 'PATCH',
      json: { endsAt: '2026-08-01T00:00:00Z' },
    });
    assert.equal(tooEarly.status, 400);
    const res = await api.merchant(`/v1/campaigns/${welcome.id}`, {
      method: 'PATCH',
      json: { name: 'Welcome gift', endsAt: '2026-09-15T00:00:00Z' },
    });
    assert.equal(res.status, 200);
    const { campaign } = await res.json();
    assert.deepEqual([campaign.name, campaign.endsAt], ['Welcome gift', '2026-09-15T00:00:00.000Z']);
    assert.equal((await order(api, 'late', 'late-1', 100)).pointsAwarded, 100);
    const missing = await api.merchant('/v1/campaigns/00000000-0000-4000-8000-000000000000', {
      method: 'PATCH',
      json: { name: 'x' },
    });
    assert.equal(missing.status, 404);
  });
});
