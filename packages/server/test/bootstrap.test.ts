import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Bootstrap } from '@member-center/contract';
import { backend, createReward, earn, startTestApi, type TestApi } from './harness.js';

/** GET /v1/bootstrap answers, in one request, what the four routes a page used to call answer. */
describe(`GET /v1/bootstrap (${backend})`, () => {
  let api: TestApi;
  before(async () => {
    api = await startTestApi();
    await createReward(api, { name: 'Mug', cost: 500, translations: { 'zh-CN': { name: '杯子' } } });
    await createReward(api, { name: 'Tote bag', cost: 2000 });
  });
  after(() => api.close());

  const json = async (path: string, token?: string) => {
    const res = await api.browser(path, token ? { token } : {});
    assert.equal(res.status, 200, `${path}: ${res.status}`);
    return res.json();
  };

  it('a member: the same program, summary, referral and first page of rewards as the separate routes', async () => {
    await earn(api, 'boot-member', 1240);
    const token = await api.token('boot-member');
    const boot = Bootstrap.parse(await json('/v1/bootstrap?locale=zh-CN', token));
    assert.deepEqual(boot, {
      program: await json('/v1/program?locale=zh-CN', token),
      me: await json('/v1/me?locale=zh-CN', token),
      referral: await json('/v1/me/referral', token),
      rewards: await json('/v1/rewards?locale=zh-CN', token),
    });
    assert.equal(boot.me?.points.balance, 1240);
    assert.deepEqual(
      boot.rewards.items.map((r) => [r.name, r.redeemable]),
      [
        ['杯子', true],
        ['Tote bag', false],
      ],
    );
  });

  it('a first visit creates the member, as GET /v1/me does', async () => {
    const token = await api.token('boot-newcomer');
    const boot = Bootstrap.parse(await json('/v1/bootstrap', token));
    assert.equal(boot.me?.member.customerId, 'boot-newcomer');
    assert.equal(boot.me?.points.balance, 0);
    assert.equal(boot.referral?.code, boot.me?.referral.code);
    assert.deepEqual(
      boot.rewards.items.map((r) => r.reason),
      ['insufficient_points', 'insufficient_points'],
    );
  });

  it('a guest: the program and the rewards without eligibility; no member, no referral', async () => {
    const boot = Bootstrap.parse(await json('/v1/bootstrap'));
    assert.deepEqual(boot, {
      program: await json('/v1/program'),
      me: null,
      referral: null,
      rewards: await json('/v1/rewards'),
    });
    assert.equal(boot.rewards.items[0]?.redeemable, undefined);
  });

  it('a bad token is a 401 envelope, not a guest answer', async () => {
    const res = await api.browser('/v1/bootstrap', { token: 'not-a-jwt' });
    assert.equal(res.status, 401);
    const body = (await res.json()) as { error: { code: string } };
    assert.equal(body.error.code, 'unauthenticated');
  });

  it('its preflight is cached for a day (Chromium keeps it 2 h, its cap)', async () => {
    const res = await fetch(`${api.url}/v1/bootstrap`, {
      method: 'OPTIONS',
      headers: {
        Origin: 'http://shop.test',
        'Access-Control-Request-Method': 'GET',
        'Access-Control-Request-Headers': 'authorization, x-publishable-key',
      },
    });
    assert.equal(res.status, 204);
    assert.equal(res.headers.get('Access-Control-Allow-Origin'), 'http://shop.test');
    assert.equal(res.headers.get('Access-Control-Max-Age'), '86400');
  });
});
