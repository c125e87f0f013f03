import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ActivityList, RedemptionList, type Reward, RewardList } from '@member-center/contract';
import { backend, closeChecked, createReward, earn, redeem, redeemed, startTestApi, type TestApi } from './harness.js';

const names = (list: { items: { name: string }[] }) => list.items.map((r) => r.name);

async function catalogue(api: TestApi, query = '') {
  const res = await api.merchant(`/v1/rewards${query}`);
  assert.equal(res.status, 200, await res.clone().text());
  return RewardList.parse(await res.json());
}

async function bazaar(api: TestApi, query = '', token?: string) {
  const res = await api.browser(`/v1/rewards${query}`, { ...(token && { token }) });
  assert.equal(res.status, 200, await res.clone().text());
  return RewardList.parse(await res.json());
}

async function patchReward(api: TestApi, id: string, json: unknown) {
  return api.merchant(`/v1/rewards/${id}`, { method: 'PATCH', json });
}

describe(`the merchant's catalogue (${backend})`, () => {
  let api: TestApi;
  let live: Reward;
  let paused: Reward;
  let gone: Reward;
  before(async () => {
    api = await startTestApi();
    live = (await createReward(api, { name: 'Live', cost: 10 })) as Reward;
    paused = (await createReward(api, { name: 'Paused', cost: 10 })) as Reward;
    gone = (await createReward(api, { name: 'Gone', cost: 10 })) as Reward;
    assert.equal((await patchReward(api, paused.id, { active: false })).status, 200);
    await earn(api, 'shopper', 100);
    await redeemed(api, 'shopper', gone.id); // a coupon of a reward about to be archived
    assert.equal((await api.merchant(`/v1/rewards/${gone.id}`, { method: 'DELETE' })).status, 200);
  });
  after(() => closeChecked(api));

  it('GET /v1/rewards with the secret key lists every reward with its status, filterable and paged', async () => {
    const all = await catalogue(api);
    assert.deepEqual(
      all.items.map((r) => [r.name, r.status, r.active]),
      [
        ['Live', 'active', true],
        ['Paused', 'disabled', false],
        ['Gone', 'archived', false],
      ],
    );
    assert.deepEqual(names(await catalogue(api, '?status=active')), ['Live']);
    assert.deepEqual(names(await catalogue(api, '?status=disabled')), ['Paused']);
    assert.deepEqual(names(await catalogue(api, '?status=archived')), ['Gone']);
    const first = await catalogue(api, '?limit=2');
    assert.deepEqual(names(first), ['Live', 'Paused']);
    const second = await catalogue(api, `?limit=2&cursor=${first.nextCursor}`);
    assert.deepEqual([names(second), second.nextCursor], [['Gone'], undefined]);
    assert.equal((await api.merchant('/v1/rewards?status=deleted')).status, 400);
  });

  it('the bazaar (publishable key, member token) shows active rewards only, whatever the query says', async () => {
    assert.deepEqual(names(await bazaar(api)), ['Live']);
    assert.deepEqual(names(await bazaar(api, '?status=archived')), ['Live']);
    const member = await bazaar(api, '', await api.token('shopper'));
    assert.deepEqual(
      member.items.map((r) => [r.name, r.redeemable]),
      [['Live', true]],
    );
    // The secret key is refused from a browser here as everywhere.
    const res = await fetch(`${api.url}/v1/rewards`, {
      headers: { Authorization: `Bearer ${api.program.secret_key}`, Origin: 'http://shop.test' },
    });
    assert.equal(res.status, 403);
  });

  it('DELETE /v1/rewards/{id} archives for good: idempotent, not redeemable, issued coupons kept', async () => {
    const again = await api.merchant(`/v1/rewards/${gone.id}`, { method: 'DELETE' });
    assert.equal(again.status, 200);
    const { reward } = (await again.json()) as { reward: Reward };
    const [archived] = (await catalogue(api, '?status=archived')).items;
    assert.equal(reward.archivedAt, archived!.archivedAt, 'archived once: the same instant');
    assert.equal(reward.status, 'archived');
    const refused = await redeem(api, 'shopper', gone.id);
    assert.equal(refused.status, 422);
    assert.equal(((await refused.json()) as { error: { code: string } }).error.code, 'reward_inactive');
    const changed = await patchReward(api, gone.id, { active: true });
    assert.equal(changed.status, 422, 'an archived reward cannot come back');
    // The coupon issued before is still the member's.
    const coupons = RedemptionList.parse(
      await (await api.browser('/v1/me/redemptions', { token: await api.token('shopper') })).json(),
    );
    assert.deepEqual(
      coupons.items.map((c) => c.rewardName),
      ['Gone'],
    );
    const missing = await api.merchant('/v1/rewards/00000000-0000-4000-8000-000000000000', { method: 'DELETE' });
    assert.equal(missing.status, 404);
    assert.equal((await api.browser(`/v1/rewards/${live.id}`, { method: 'DELETE' })).status, 401);
  });

  it('rewards have a kind: a coupon with money or percent off, a product, free shipping, custom', async () => {
    const tenOff = await createReward(api, {
      name: '¥10 off',
      cost: 100,
      kind: 'coupon',
      value: { amount: 1000, currency: 'CNY' },
    });
    const fifth = await createReward(api, { name: '20% off', cost: 100, kind: 'coupon', percentOff: 20 });
    const mug = await createReward(api, { name: 'Mug', cost: 100, kind: 'product' });
    const items = (await catalogue(api, '?status=active')).items;
    const view = (id: string) => {
      const r = items.find((i) => i.id === id)!;
      return [r.kind, r.value, r.percentOff];
    };
    assert.deepEqual(view(tenOff.id), ['coupon', { amount: 1000, currency: 'CNY' }, null]);
    assert.deepEqual(view(fifth.id), ['coupon', null, 20]);
    assert.deepEqual(view(mug.id), ['product', null, null]);
    assert.deepEqual(view(live.id), ['custom', null, null], 'rewards made without a kind are custom');
    const refused: [unknown, RegExp][] = [
      [{ name: 'X', cost: 1, kind: 'product', value: { amount: 100, currency: 'CNY' } }, /kind/],
      [{ name: 'X', cost: 1, kind: 'coupon', value: { amount: 100, currency: 'CNY' }, percentOff: 10 }, /kind/],
      [{ name: 'X', cost: 1, kind: 'coupon', value: { amount: 100, currency: 'USD' } }, /currency/],
      [{ name: 'X', cost: 1, kind: 'coupon', percentOff: 101 }, /percentOff/],
      [{ name: 'X', cost: 1, kind: 'voucher' }, /kind/],
    ];
    for (const [json, message] of refused) {
      const res = await api.merchant('/v1/rewards', { method: 'POST', json });
      assert.equal(res.status, 400, JSON.stringify(json));
      assert.match(await res.text(), message);
    }
    // Checked against what the reward already says: a product cannot keep a coupon's value.
    assert.equal((await patchReward(api, tenOff.id, { kind: 'product' })).status, 400);
    assert.equal((await patchReward(api, tenOff.id, { percentOff: 5 })).status, 400);
    const res = await patchReward(api, tenOff.id, { kind: 'product', value: null });
    assert.equal(res.status, 200);
    const { reward } = (await res.json()) as { reward: Reward };
    assert.deepEqual([reward.kind, reward.value], ['product', null]);
  });

  it('names and descriptions in the language asked for (?locale=), with the translations beside', async () => {
    const tea = await createReward(api, {
      name: 'Tea sampler',
      description: 'Five teas to try.',
      cost: 10,
      kind: 'product',
      translations: { 'zh-CN': { name: '茶叶品鉴装', description: '五款茶任你试。' }, ja: { name: '紅茶セット' } },
    });
    const find = (list: RewardList) => list.items.find((r) => r.id === tea.id)!;
    const zh = find(await bazaar(api, '?locale=zh-CN', await api.token('shopper')));
    assert.deepEqual([zh.name, zh.description], ['茶叶品鉴装', '五款茶任你试。']);
    const ja = find(await bazaar(api, '?locale=ja-JP'));
    assert.deepEqual([ja.name, ja.description], ['紅茶セット', 'Five teas to try.'], 'untranslated: the original');
    const en = find(await bazaar(api));
    assert.deepEqual([en.name, en.translations?.['zh-CN']?.name], ['Tea sampler', '茶叶品鉴装']);
    assert.equal(find(await catalogue(api, '?locale=zh-CN')).name, '茶叶品鉴装');
    const res = await patchReward(api, tea.id, { translations: {} });
    assert.deepEqual(((await res.json()) as { reward: Reward }).reward.translations, {});
  });
});

describe(`a member's records for the merchant (${backend})`, () => {
  let api: TestApi;
  before(async () => {
    api = await startTestApi();
    const reward = await createReward(api, { name: 'Coupon', cost: 10 });
    await earn(api, 'reader', 100);
    for (let i = 0; i < 3; i++) await redeemed(api, 'reader', reward.id);
  });
  after(() => closeChecked(api));

  const asMember = async (path: string) =>
    (await api.browser(path, { token: await api.token('reader') })).json() as Promise<unknown>;

  it('GET /v1/members/{customerId}/activity is the ledger the member sees, paged alike', async () => {
    const all = ActivityList.parse(await (await api.merchant('/v1/members/reader/activity')).json());
    assert.deepEqual(all, await asMember('/v1/me/activity'));
    assert.deepEqual(
      all.items.map((e) => [e.type, e.points, e.balance]),
      [
        ['redemption', -10, 70],
        ['redemption', -10, 80],
        ['redemption', -10, 90],
        ['order', 100, 100],
      ],
    );
    const page = ActivityList.parse(await (await api.merchant('/v1/members/reader/activity?limit=3')).json());
    assert.equal(page.items.length, 3);
    const rest = ActivityList.parse(
      await (await api.merchant(`/v1/members/reader/activity?limit=3&cursor=${page.nextCursor}`)).json(),
    );
    assert.deepEqual([rest.items.map((e) => e.type), rest.nextCursor], [['order'], undefined]);
  });

  it('GET /v1/members/{customerId}/coupons is the coupons wallet the member sees, paged alike', async () => {
    const all = RedemptionList.parse(await (await api.merchant('/v1/members/reader/coupons')).json());
    assert.deepEqual(all, await asMember('/v1/me/redemptions'));
    assert.equal(all.items.length, 3);
    const page = RedemptionList.parse(await (await api.merchant('/v1/members/reader/coupons?limit=2')).json());
    const rest = RedemptionList.parse(
      await (await api.merchant(`/v1/members/reader/coupons?limit=2&cursor=${page.nextCursor}`)).json(),
    );
    assert.deepEqual([...page.items, ...rest.items], all.items);
  });

  it('an unknown member is a 404 (not enrolled by a read); the publishable key is refused', async () => {
    for (const path of ['/v1/members/nobody/activity', '/v1/members/nobody/coupons']) {
      const res = await api.merchant(path);
      assert.equal(res.status, 404, path);
      assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'not_found');
      assert.equal((await api.browser(path)).status, 401);
    }
    assert.equal((await api.merchant('/v1/members/reader/activity?cursor=abc')).status, 400);
    const [row] = await api.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM members WHERE customer_id = 'nobody'`,
    );
    assert.equal(row!.n, 0);
  });
});
