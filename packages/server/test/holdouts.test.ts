import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { studentQuantile, welchInterval } from '../src/kernel/welch.js';
import { campaignDraw } from '../src/rules/campaigns.js';
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
  holdoutShare: number;
}

const create = async (api: TestApi, campaign: Record<string, unknown>) => {
  const res = await api.merchant('/v1/campaigns', { method: 'POST', json: campaign });
  assert.equal(res.status, 201, await res.clone().text());
  return ((await res.json()) as { campaign: Campaign }).campaign;
};

const memberId = async (api: TestApi, customerId: string) =>
  (
    await api.db.query<{ id: string }>('SELECT id FROM members WHERE program_id = $1 AND customer_id = $2', [
      api.program.id,
      customerId,
    ])
  )[0]!.id;

/** Mean and sample variance, written out (the figures the route must agree with). */
const sample = (xs: number[]) => {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const variance = xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (xs.length - 1);
  return { n: xs.length, mean, variance };
};

describe('Welch interval', () => {
  it("gives the t table's quantiles", () => {
    // Student t, two-sided 95 %: df 1 → 12.706, 10 → 2.228, 30 → 2.042, large → 1.960.
    for (const [df, t] of [
      [1, 12.7062],
      [10, 2.2281],
      [30, 2.0423],
      [1e6, 1.96],
    ] as const) {
      assert.ok(Math.abs(studentQuantile(0.975, df) - t) < 1e-3, `df ${df}: ${studentQuantile(0.975, df)}`);
    }
  });

  it('matches a hand-computed example', () => {
    // a = 1,2,3,4,5 (mean 3, variance 2.5); b = 2,4,6,8,10 (mean 6, variance 10):
    // se = √(2.5/5 + 10/5) = √2.5 = 1.5811; df = 2.5² / (0.5²/4 + 2²/4) = 6.25 / 1.0625 = 5.882;
    // t(0.975, 5.882) = 2.4571 → −3 ± 3.885.
    const ci = welchInterval(sample([1, 2, 3, 4, 5]), sample([2, 4, 6, 8, 10]));
    assert.equal(ci.diff, -3);
    assert.ok(Math.abs(ci.df! - 5.8824) < 1e-3, String(ci.df));
    assert.ok(Math.abs(ci.low - -6.885) < 0.01 && Math.abs(ci.high - 0.885) < 0.01, `${ci.low} ${ci.high}`);
  });
});

describe(`campaign holdouts and results (${backend})`, () => {
  let api: TestApi;
  let clock: TestClock;
  before(async () => {
    clock = testClock('2026-03-01T00:00:00Z');
    api = await startTestApi({ ...DEFAULT_PROGRAM, tiers: [] }, { clock });
  });
  after(() => closeChecked(api));

  it('holds out the configured share of 10,000 members, the same members every time', async () => {
    await api.db.query(
      `INSERT INTO members (program_id, customer_id, referral_code, created_at)
       SELECT $1, 'bulk-' || i, 'BULK' || i, '2026-01-01T00:00:00Z' FROM generate_series(1, 10000) AS i`,
      [api.program.id],
    );
    const campaign = await create(api, {
      name: 'Spring 2×',
      multiplier: 2,
      startsAt: '2026-03-01T00:00:00Z',
      endsAt: '2026-04-01T00:00:00Z',
      holdoutShare: 0.2,
    });
    assert.equal(campaign.holdoutShare, 0.2);
    const drawn = await api.db.query<{ id: string; draw: number }>(
      `SELECT id, campaign_draw($1, id) AS draw FROM members WHERE program_id = $2 AND customer_id LIKE 'bulk-%'`,
      [campaign.id, api.program.id],
    );
    assert.equal(drawn.length, 10_000);
    const share = drawn.filter((m) => m.draw < 0.2).length / drawn.length;
    assert.ok(Math.abs(share - 0.2) <= 0.02, `held out ${share}`);
    // The server's draw (an order's) and SQL's (the results') agree, member by member.
    for (const m of drawn.slice(0, 500)) assert.ok(Math.abs(campaignDraw(campaign.id, m.id) - m.draw) < 1e-12);
    // Another campaign draws other members: ~20 % of its held out are held out here.
    const other = drawn.filter((m) => campaignDraw('00000000-0000-4000-8000-000000000001', m.id) < 0.2);
    const both = other.filter((m) => m.draw < 0.2).length / other.length;
    assert.ok(Math.abs(both - 0.2) < 0.05, `overlap ${both}`);
  });

  it('a held-out member earns no bonus; their group is kept when the share changes', async () => {
    clock.set('2026-03-02T00:00:00Z');
    const [campaign] = (await (await api.merchant('/v1/campaigns')).json()).items as Campaign[];
    const draws = await api.db.query<{ customer_id: string; draw: number }>(
      `SELECT customer_id, campaign_draw($1, id) AS draw FROM members WHERE program_id = $2 ORDER BY seq LIMIT 200`,
      [campaign!.id, api.program.id],
    );
    const out = draws.find((m) => m.draw < 0.2)!.customer_id;
    const inside = draws.find((m) => m.draw >= 0.5)!.customer_id;
    const between = draws.find((m) => m.draw >= 0.2 && m.draw < 0.5)!.customer_id;
    const held = await order(api, out, 'held-1', 100);
    assert.deepEqual([held.pointsAwarded, held.campaign], [100, undefined]);
    const treated = await order(api, inside, 'treated-1', 100);
    assert.deepEqual([treated.pointsAwarded, treated.campaign?.name], [200, 'Spring 2×']);
    assert.equal((await order(api, between, 'between-1', 100)).pointsAwarded, 200, 'treated at 20 %');

    // Half held out now: those already seen keep their group, the unseen draw at 50 %.
    const patched = await api.merchant(`/v1/campaigns/${campaign!.id}`, {
      method: 'PATCH',
      json: { holdoutShare: 0.5 },
    });
    assert.equal(patched.status, 200);
    assert.equal((await patched.json()).campaign.holdoutShare, 0.5);
    assert.equal((await order(api, between, 'between-2', 100)).pointsAwarded, 200, 'seen treated: stays treated');
    assert.equal((await order(api, out, 'held-2', 100)).pointsAwarded, 100);
    const [counted] = await api.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM campaign_members WHERE campaign_id = $1',
      [campaign!.id],
    );
    assert.equal(counted!.n, 3, 'recorded once per member');
    const bad = await api.merchant(`/v1/campaigns/${campaign!.id}`, { method: 'PATCH', json: { holdoutShare: 0.6 } });
    assert.equal(bad.status, 400);
    const odd = await api.merchant('/v1/campaigns', {
      method: 'POST',
      json: {
        name: 'x',
        multiplier: 2,
        startsAt: '2026-05-01T00:00:00Z',
        endsAt: '2026-05-02T00:00:00Z',
        holdoutShare: 0.123,
      },
    });
    assert.equal(odd.status, 400);
  });
});

describe(`campaign results against hand-computed figures (${backend})`, () => {
  let api: TestApi;
  let clock: TestClock;
  before(async () => {
    clock = testClock('2026-05-01T00:00:00Z');
    api = await startTestApi({ ...DEFAULT_PROGRAM, tiers: [] }, { clock });
  });
  after(() => closeChecked(api));

  it('during vs before, treated vs held out, lift and its interval', async () => {
    // Twelve members join on May 1st; the campaign runs May 11–21 and holds half out.
    for (let i = 1; i <= 12; i++) await api.merchant(`/v1/members/m${i}`, { method: 'PUT', json: {} });
    // (a member's join instant is the database's clock, not the test's)
    await api.db.query("UPDATE members SET created_at = '2026-05-01T00:00:00Z' WHERE program_id = $1", [
      api.program.id,
    ]);
    const lateJoiner = await api.merchant('/v1/members/joined-after', { method: 'PUT', json: {} });
    assert.equal(lateJoiner.status, 200);
    const campaign = await create(api, {
      name: 'Half out',
      multiplier: 3,
      startsAt: '2026-05-11T00:00:00Z',
      endsAt: '2026-05-21T00:00:00Z',
      holdoutShare: 0.5,
    });
    const groups = new Map<string, boolean>();
    for (let i = 1; i <= 12; i++) groups.set(`m${i}`, campaignDraw(campaign.id, await memberId(api, `m${i}`)) < 0.5);
    const treatedIds = [...groups].filter(([, out]) => !out).map(([c]) => c);
    const heldIds = [...groups].filter(([, out]) => out).map(([c]) => c);
    assert.ok(treatedIds.length >= 2 && heldIds.length >= 2, 'both arms have members (fixed by the ids drawn)');

    // Before (May 1–11): two orders. During: the treated buy ¥100 × their rank, the held out ¥50 each
    // for the first two of them; one order after the end counts nowhere.
    clock.set('2026-05-05T00:00:00Z');
    await order(api, 'm1', 'b-1', 40);
    await order(api, 'm2', 'b-2', 60);
    clock.set('2026-05-15T00:00:00Z');
    const spend = new Map<string, number>();
    for (const [i, c] of treatedIds.entries()) {
      await order(api, c, `t-${c}`, 100 * (i + 1));
      spend.set(c, 100 * (i + 1) * 100);
    }
    for (const c of heldIds.slice(0, 2)) {
      await order(api, c, `h-${c}`, 50);
      spend.set(c, 5000);
    }
    clock.set('2026-05-22T00:00:00Z');
    await order(api, 'm3', 'late', 999);

    const res = await api.merchant(`/v1/campaigns/${campaign.id}/results`);
    assert.equal(res.status, 200);
    const r = await res.json();
    const treatedOrders = treatedIds.length;
    const treatedSpend = treatedIds.reduce((a, _, i) => a + 100 * (i + 1), 0); // yuan
    assert.deepEqual(r.during, {
      from: '2026-05-11T00:00:00.000Z',
      to: '2026-05-21T00:00:00.000Z',
      orders: treatedOrders + 2,
      spend: { amount: (treatedSpend + 100) * 100, currency: 'CNY' },
      points: treatedSpend * 3 + 100,
      activeMembers: treatedOrders + 2,
    });
    assert.deepEqual(r.before, {
      from: '2026-05-01T00:00:00.000Z',
      to: '2026-05-11T00:00:00.000Z',
      orders: 2,
      spend: { amount: 10_000, currency: 'CNY' },
      points: 100,
      activeMembers: 2,
    });
    const t = sample(treatedIds.map((c) => spend.get(c) ?? 0));
    const h = sample(heldIds.map((c) => spend.get(c) ?? 0));
    assert.deepEqual(r.holdout.treated, {
      members: treatedIds.length,
      orders: treatedOrders,
      spend: { amount: treatedSpend * 100, currency: 'CNY' },
      points: treatedSpend * 3,
      ordersPerMember: 1,
      spendPerMember: t.mean,
      pointsPerMember: (treatedSpend * 3) / treatedIds.length,
    });
    assert.deepEqual(r.holdout.heldOut, {
      members: heldIds.length,
      orders: 2,
      spend: { amount: 10_000, currency: 'CNY' },
      points: 100,
      ordersPerMember: 2 / heldIds.length,
      spendPerMember: 10_000 / heldIds.length,
      pointsPerMember: 100 / heldIds.length,
    });
    // Welch by hand: se² = vT/nT + vH/nH; df by Welch–Satterthwaite; ± t(0.975, df) × se.
    const [wt, wh] = [t.variance / t.n, h.variance / h.n];
    const se = Math.sqrt(wt + wh);
    const df = (wt + wh) ** 2 / (wt ** 2 / (t.n - 1) + wh ** 2 / (h.n - 1));
    const half = studentQuantile(0.975, df) * se;
    const close = (a: number, b: number) => Math.abs(a - b) < 1e-6 * Math.max(1, Math.abs(b));
    const { lift } = r.holdout;
    assert.ok(close(lift.spendPerMember, t.mean - h.mean));
    assert.ok(close(lift.df, df), `${lift.df} vs ${df}`);
    assert.ok(close(lift.low, t.mean - h.mean - half) && close(lift.high, t.mean - h.mean + half));
    assert.ok(close(lift.relative, (t.mean - h.mean) / h.mean));
    assert.equal(lift.significant, lift.low > 0 || lift.high < 0);
    assert.ok(close(r.holdout.ordersLift, 1 - 2 / heldIds.length));

    const missing = await api.merchant('/v1/campaigns/00000000-0000-4000-8000-000000000000/results');
    assert.equal(missing.status, 404);
    assert.equal((await api.browser(`/v1/campaigns/${campaign.id}/results`)).status, 401);
  });

  it('a campaign without a holdout, before it starts: empty span, no comparison', async () => {
    const later = await create(api, {
      name: 'Later',
      multiplier: 2,
      startsAt: '2026-07-01T00:00:00Z',
      endsAt: '2026-07-02T00:00:00Z',
    });
    const r = await (await api.merchant(`/v1/campaigns/${later.id}/results`)).json();
    assert.equal(r.during.orders, 0);
    assert.equal(r.during.from, r.during.to);
    assert.equal(r.holdout, null);
  });
});
