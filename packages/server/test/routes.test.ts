import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { ActivityList, Me, Program, RewardList } from '@member-center/contract';
import { backend, createReward, earn, startTestApi, type TestApi } from './harness.js';

describe(`the v1 routes (${backend})`, () => {
  let api: TestApi;
  before(async () => {
    api = await startTestApi();
  });
  after(() => api.close());

  it('GET /v1/program shows what a guest sees', async () => {
    const program = Program.parse(await (await api.browser('/v1/program')).json());
    assert.equal(program.name, 'Test Shop');
    assert.equal(program.currency, 'CNY');
    assert.deepEqual(
      program.tiers.map((t) => [t.name, t.threshold, t.multiplier]),
      [
        ['Bronze', 0, 1],
        ['Silver', 1000, 1.25],
        ['Gold', 2000, 1.5],
      ],
    );
    assert.deepEqual(program.pointValue, { points: 100, value: { amount: 100, currency: 'CNY' } });
    assert.equal(program.waysToEarn[0]?.kind, 'order');
  });

  it('GET /v1/me: balance, cash value, tier progress and referral link', async () => {
    await earn(api, 'climber', 1240);
    const me = Me.parse(await (await api.browser('/v1/me', { token: await api.token('climber') })).json());
    assert.deepEqual(me.points, {
      balance: 1240,
      lifetimeEarned: 1240,
      cashValue: { amount: 1240, currency: 'CNY' },
      expiring: [],
      pending: [],
      pendingTotal: 0,
      debt: 0,
      held: 0,
    });
    assert.equal(me.tier.current?.name, 'Silver');
    assert.equal(me.tier.next?.name, 'Gold');
    assert.deepEqual(me.tier.progress, {
      qualifyingPoints: 1240,
      remaining: 760,
      ratio: 0.24,
      memberDaysRemaining: 0,
      message: '760 more points to reach Gold',
    });
    assert.equal(me.referral.url, `http://shop.test/?ref=${me.referral.code}`);
  });

  it('tier multipliers apply to orders; the top tier has no next tier', async () => {
    await earn(api, 'gold', 2000); // Bronze earns 1 point per ¥1
    const res = await api.merchant('/v1/members/gold/orders', {
      method: 'POST',
      json: { orderId: 'gold-2', total: { amount: 10_000, currency: 'CNY' } },
    });
    assert.deepEqual(await res.json(), { pointsAwarded: 150, points: { balance: 2150 } });
    const me = Me.parse(await (await api.browser('/v1/me', { token: await api.token('gold') })).json());
    assert.equal(me.tier.current?.name, 'Gold');
    assert.equal(me.tier.next, null);
    assert.deepEqual(me.tier.progress, {
      qualifyingPoints: 2150,
      remaining: null,
      ratio: 1,
      memberDaysRemaining: null,
      message: null,
    });
  });

  it('spending points does not lower the tier', async () => {
    const reward = await createReward(api, { name: 'Spend it', cost: 1000 });
    await earn(api, 'spender', 1000);
    const token = await api.token('spender');
    const r = await api.browser('/v1/me/redemptions', {
      method: 'POST',
      token,
      headers: { 'Idempotency-Key': randomUUID() },
      json: { rewardId: reward.id },
    });
    assert.equal(r.status, 201);
    const me = Me.parse(await (await api.browser('/v1/me', { token })).json());
    assert.equal(me.points.balance, 0);
    assert.equal(me.tier.current?.name, 'Silver');
  });

  it('GET /v1/me/activity pages through the ledger newest first', async () => {
    for (let i = 1; i <= 5; i++) await earn(api, 'historian', i);
    const token = await api.token('historian');
    const first = ActivityList.parse(await (await api.browser('/v1/me/activity?limit=2', { token })).json());
    assert.deepEqual(
      first.items.map((e) => [e.type, e.points, e.balance]),
      [
        ['order', 5, 15],
        ['order', 4, 10],
      ],
    );
    assert.ok(first.nextCursor);
    const second = ActivityList.parse(
      await (await api.browser(`/v1/me/activity?limit=2&cursor=${first.nextCursor}`, { token })).json(),
    );
    assert.deepEqual(
      second.items.map((e) => e.points),
      [3, 2],
    );
    const last = ActivityList.parse(
      await (await api.browser(`/v1/me/activity?limit=2&cursor=${second.nextCursor}`, { token })).json(),
    );
    assert.deepEqual(
      last.items.map((e) => e.points),
      [1],
    );
    assert.equal(last.nextCursor, undefined);
  });

  it('GET /v1/rewards says for a member why each reward is not redeemable', async () => {
    const separate = await startTestApi();
    try {
      const tiers = await separate.db.query<{ id: string; name: string }>(
        'SELECT id, name FROM tiers WHERE program_id = $1',
        [separate.program.id],
      );
      const gold = tiers.find((t) => t.name === 'Gold')!;
      await createReward(separate, { name: 'Cheap', cost: 50 });
      await createReward(separate, { name: 'Dear', cost: 500 });
      await createReward(separate, { name: 'Gone', cost: 10, stock: 0 });
      const goldOnly = await createReward(separate, { name: 'Gold only', cost: 10, tierId: gold.id });
      const once = await createReward(separate, { name: 'Once', cost: 10, perMemberLimit: 1 });
      const hidden = await createReward(separate, { name: 'Hidden', cost: 10 });
      await separate.merchant(`/v1/rewards/${hidden.id}`, { method: 'PATCH', json: { active: false } });
      await earn(separate, 'browser', 100);
      const token = await separate.token('browser');
      await separate.browser('/v1/me/redemptions', {
        method: 'POST',
        token,
        headers: { 'Idempotency-Key': 'once' },
        json: { rewardId: once.id },
      });

      const list = RewardList.parse(await (await separate.browser('/v1/rewards', { token })).json());
      const byName = Object.fromEntries(list.items.map((r) => [r.name, r]));
      // The member's order (docs/api.md "Recommendations"): redeemable first, then by their tier's
      // redemptions (Once: one), then by the points still needed (Dear: 410 last).
      assert.deepEqual(Object.keys(byName), ['Cheap', 'Once', 'Gone', 'Gold only', 'Dear']);
      assert.equal(byName.Cheap!.redeemable, true);
      assert.deepEqual([byName.Dear!.reason, byName.Dear!.pointsNeeded], ['insufficient_points', 410]);
      assert.equal(byName.Gone!.reason, 'out_of_stock');
      assert.equal(byName['Gold only']!.reason, 'tier_locked');
      assert.equal(byName.Once!.reason, 'limit_reached');

      const guest = RewardList.parse(await (await separate.browser('/v1/rewards')).json());
      assert.equal(guest.items.length, 5);
      assert.ok(guest.items.every((r) => r.redeemable === undefined));

      const refused = await separate.browser('/v1/me/redemptions', {
        method: 'POST',
        token,
        headers: { 'Idempotency-Key': 'gold' },
        json: { rewardId: goldOnly.id },
      });
      assert.equal(refused.status, 422);
      assert.equal((await refused.json()).error.code, 'tier_locked');
      const inactive = await separate.browser('/v1/me/redemptions', {
        method: 'POST',
        token,
        headers: { 'Idempotency-Key': 'hidden' },
        json: { rewardId: hidden.id },
      });
      assert.equal((await inactive.json()).error.code, 'reward_inactive');
    } finally {
      await separate.close();
    }
  });

  it('the catalog pages with a cursor', async () => {
    const separate = await startTestApi();
    try {
      for (let i = 0; i < 7; i++) await createReward(separate, { name: `R${i}`, cost: 10 + i });
      const names: string[] = [];
      let cursor: string | undefined;
      do {
        const page = RewardList.parse(
          await (await separate.browser(`/v1/rewards?limit=3${cursor ? `&cursor=${cursor}` : ''}`)).json(),
        );
        names.push(...page.items.map((r) => r.name));
        cursor = page.nextCursor;
      } while (cursor);
      assert.deepEqual(names, ['R0', 'R1', 'R2', 'R3', 'R4', 'R5', 'R6']);
    } finally {
      await separate.close();
    }
  });

  it('GET /v1/me/redemptions lists coupon codes newest first', async () => {
    const a = await createReward(api, { name: 'First coupon', cost: 10 });
    const b = await createReward(api, { name: 'Second coupon', cost: 10 });
    await earn(api, 'collector', 20);
    const token = await api.token('collector');
    for (const reward of [a, b]) {
      await api.browser('/v1/me/redemptions', {
        method: 'POST',
        token,
        headers: { 'Idempotency-Key': randomUUID() },
        json: { rewardId: reward.id },
      });
    }
    const list = await (await api.browser('/v1/me/redemptions', { token })).json();
    assert.deepEqual(
      list.items.map((r: { rewardName: string }) => r.rewardName),
      ['Second coupon', 'First coupon'],
    );
    assert.ok(list.items.every((r: { code: string }) => /^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/.test(r.code)));
  });

  it('GET /v1/me/referral gives the code, link and stats', async () => {
    const body = await (await api.browser('/v1/me/referral', { token: await api.token('referrer') })).json();
    assert.match(body.code, /^[A-Z2-9]{8}$/);
    assert.equal(body.url, `http://shop.test/?ref=${body.code}`);
    assert.deepEqual(body.stats, { invited: 0, rewarded: 0, pointsEarned: 0 });
  });

  it('PUT /v1/members/{id} creates and updates; null clears a field', async () => {
    const put = (json: unknown) => api.merchant('/v1/members/profile-1', { method: 'PUT', json });
    const created = await (await put({ name: 'Han Meimei', email: 'han@example.com', birthday: '1990-05-17' })).json();
    assert.deepEqual(
      [created.member.name, created.member.email, created.member.birthday],
      ['Han Meimei', 'han@example.com', '1990-05-17'],
    );
    const updated = await (await put({ email: null })).json();
    assert.deepEqual([updated.member.name, updated.member.email], ['Han Meimei', null]);
    const got = await (await api.merchant('/v1/members/profile-1')).json();
    assert.equal(got.member.birthday, '1990-05-17');
  });

  it('PATCH /v1/rewards/{id} changes only the fields given', async () => {
    const reward = await createReward(api, { name: 'Patchable', cost: 10, stock: 5, description: 'Keep me' });
    const res = await api.merchant(`/v1/rewards/${reward.id}`, { method: 'PATCH', json: { cost: 20, stock: null } });
    const { reward: patched } = await res.json();
    assert.deepEqual([patched.cost, patched.stock, patched.description], [20, null, 'Keep me']);
  });

  it('serves the OpenAPI 3.1 document, with examples (the reference at /docs: docs.test.ts)', async () => {
    const doc = await (await fetch(`${api.url}/v1/openapi.json`)).json();
    assert.equal(doc.openapi, '3.1.0');
    assert.ok(doc.paths['/v1/me/redemptions'].post.requestBody);
    assert.equal(
      doc.paths['/v1/me/redemptions'].post.responses['201'].content['application/json'].schema.type,
      'object',
    );
    assert.ok(
      doc.paths['/v1/members/{customerId}/orders'].post.parameters.some((p: { in: string }) => p.in === 'path'),
    );
    const redeem = doc.paths['/v1/me/redemptions'].post;
    assert.ok(redeem.requestBody.content['application/json'].example.rewardId);
    assert.match(redeem.responses['201'].content['application/json'].example.redemption.code, /\w/);
  });
});
