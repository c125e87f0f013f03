import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ERROR_CODES } from '@member-center/contract';
import { backend, balancesVersusLedger, createReward, earn, startTestApi, type TestApi } from './harness.js';

interface Case {
  name: string;
  as: 'merchant' | 'member' | 'raw';
  method: string;
  path: string;
  body?: string;
  headers?: Record<string, string>;
  status: number;
}

describe(`bad input gets a 4xx envelope and changes nothing (${backend})`, () => {
  let api: TestApi;
  let token: string;
  let rewardId: string;
  before(async () => {
    api = await startTestApi();
    rewardId = (await createReward(api, { name: 'Coupon', cost: 10 })).id;
    await earn(api, 'shopper', 100);
    token = await api.token('shopper');
  });
  after(() => api.close());

  const json = (v: unknown) => JSON.stringify(v);
  const order = (total: unknown, orderId: unknown = 'o-1') => json({ orderId, total });
  const idem = { 'Idempotency-Key': 'k-bad-input' };
  const cases: Case[] = [
    {
      name: 'malformed JSON',
      as: 'merchant',
      method: 'POST',
      path: '/v1/rewards',
      body: '{"name": "x", cost: 1',
      status: 400,
    },
    { name: 'empty body', as: 'merchant', method: 'POST', path: '/v1/rewards', body: '', status: 400 },
    { name: 'JSON null body', as: 'merchant', method: 'POST', path: '/v1/rewards', body: 'null', status: 400 },
    { name: 'array body', as: 'merchant', method: 'POST', path: '/v1/rewards', body: '[]', status: 400 },
    {
      name: 'cost as string',
      as: 'merchant',
      method: 'POST',
      path: '/v1/rewards',
      body: json({ name: 'x', cost: '10' }),
      status: 400,
    },
    {
      name: 'negative cost',
      as: 'merchant',
      method: 'POST',
      path: '/v1/rewards',
      body: json({ name: 'x', cost: -5 }),
      status: 400,
    },
    {
      name: 'fractional cost',
      as: 'merchant',
      method: 'POST',
      path: '/v1/rewards',
      body: json({ name: 'x', cost: 1.5 }),
      status: 400,
    },
    {
      name: 'huge cost',
      as: 'merchant',
      method: 'POST',
      path: '/v1/rewards',
      body: json({ name: 'x', cost: 1_000_000_001 }),
      status: 400,
    },
    {
      name: '1e400',
      as: 'merchant',
      method: 'POST',
      path: '/v1/rewards',
      body: '{"name":"x","cost":1e400}',
      status: 400,
    },
    {
      name: 'unknown field',
      as: 'merchant',
      method: 'POST',
      path: '/v1/rewards',
      body: json({ name: 'x', cost: 1, costt: 2 }),
      status: 400,
    },
    {
      name: 'NUL in a name',
      as: 'merchant',
      method: 'POST',
      path: '/v1/rewards',
      body: json({ name: 'a\u0000b', cost: 1 }),
      status: 400,
    },
    {
      name: 'lone surrogate',
      as: 'merchant',
      method: 'POST',
      path: '/v1/rewards',
      body: '{"name":"a\\ud800b","cost":1}',
      status: 400,
    },
    {
      name: 'javascript: image URL',
      as: 'merchant',
      method: 'POST',
      path: '/v1/rewards',
      body: json({ name: 'x', cost: 1, imageUrl: 'javascript:alert(1)' }),
      status: 400,
    },
    {
      name: 'unknown tier',
      as: 'merchant',
      method: 'POST',
      path: '/v1/rewards',
      body: json({ name: 'x', cost: 1, tierId: '00000000-0000-4000-8000-000000000000' }),
      status: 404,
    },
    {
      name: 'patch unknown reward',
      as: 'merchant',
      method: 'PATCH',
      path: '/v1/rewards/00000000-0000-4000-8000-000000000000',
      body: json({ cost: 5 }),
      status: 404,
    },
    {
      name: 'patch non-uuid id',
      as: 'merchant',
      method: 'PATCH',
      path: "/v1/rewards/1'%20OR%201=1",
      body: json({ cost: 5 }),
      status: 400,
    },
    {
      name: 'order: huge amount',
      as: 'merchant',
      method: 'POST',
      path: '/v1/members/c1/orders',
      body: order({ amount: 1e12, currency: 'CNY' }),
      status: 400,
    },
    {
      name: 'order: negative amount',
      as: 'merchant',
      method: 'POST',
      path: '/v1/members/c1/orders',
      body: order({ amount: -100, currency: 'CNY' }),
      status: 400,
    },
    {
      name: 'order: float amount',
      as: 'merchant',
      method: 'POST',
      path: '/v1/members/c1/orders',
      body: order({ amount: 10.5, currency: 'CNY' }),
      status: 400,
    },
    {
      name: 'order: bad currency',
      as: 'merchant',
      method: 'POST',
      path: '/v1/members/c1/orders',
      body: order({ amount: 100, currency: 'yuan' }),
      status: 400,
    },
    {
      name: 'order: other currency',
      as: 'merchant',
      method: 'POST',
      path: '/v1/members/c1/orders',
      body: order({ amount: 100, currency: 'USD' }),
      status: 422,
    },
    {
      name: 'order: id with spaces',
      as: 'merchant',
      method: 'POST',
      path: '/v1/members/c1/orders',
      body: order({ amount: 1, currency: 'CNY' }, 'a b'),
      status: 400,
    },
    {
      name: 'order: 256-char id',
      as: 'merchant',
      method: 'POST',
      path: '/v1/members/c1/orders',
      body: order({ amount: 1, currency: 'CNY' }, 'x'.repeat(256)),
      status: 400,
    },
    {
      name: 'overlong customer id',
      as: 'merchant',
      method: 'PUT',
      path: `/v1/members/${'c'.repeat(129)}`,
      body: '{}',
      status: 400,
    },
    {
      name: 'emoji customer id',
      as: 'merchant',
      method: 'PUT',
      path: '/v1/members/%F0%9F%98%80',
      body: '{}',
      status: 400,
    },
    { name: 'NUL customer id', as: 'merchant', method: 'PUT', path: '/v1/members/a%00b', body: '{}', status: 400 },
    {
      name: 'broken percent-encoding',
      as: 'merchant',
      method: 'PUT',
      path: '/v1/members/%E0%A4%A',
      body: '{}',
      status: 400,
    },
    {
      name: 'bad birthday',
      as: 'merchant',
      method: 'PUT',
      path: '/v1/members/c1',
      body: json({ birthday: '1990-02-30' }),
      status: 400,
    },
    {
      name: 'bad email',
      as: 'merchant',
      method: 'PUT',
      path: '/v1/members/c1',
      body: json({ email: 'not-an-email' }),
      status: 400,
    },
    { name: 'unknown member', as: 'merchant', method: 'GET', path: '/v1/members/nobody', status: 404 },
    {
      name: 'adjustment: zero',
      as: 'merchant',
      method: 'POST',
      path: '/v1/members/c1/adjustments',
      body: json({ points: 0, reason: 'x' }),
      headers: idem,
      status: 400,
    },
    {
      name: 'adjustment: huge',
      as: 'merchant',
      method: 'POST',
      path: '/v1/members/c1/adjustments',
      body: json({ points: -2e9, reason: 'x' }),
      headers: idem,
      status: 400,
    },
    {
      name: 'adjustment: no key',
      as: 'merchant',
      method: 'POST',
      path: '/v1/members/c1/adjustments',
      body: json({ points: 1, reason: 'x' }),
      status: 400,
    },
    {
      name: 'adjustment: no reason',
      as: 'merchant',
      method: 'POST',
      path: '/v1/members/c1/adjustments',
      body: json({ points: 1 }),
      headers: idem,
      status: 400,
    },
    {
      name: 'redeem: no key',
      as: 'member',
      method: 'POST',
      path: '/v1/me/redemptions',
      body: json({ rewardId: 'x' }),
      status: 400,
    },
    {
      name: 'redeem: key too long',
      as: 'member',
      method: 'POST',
      path: '/v1/me/redemptions',
      body: json({ rewardId: 'x' }),
      headers: { 'Idempotency-Key': 'k'.repeat(256) },
      status: 400,
    },
    {
      name: 'redeem: non-uuid reward',
      as: 'member',
      method: 'POST',
      path: '/v1/me/redemptions',
      body: json({ rewardId: 'x' }),
      headers: idem,
      status: 400,
    },
    {
      name: 'redeem: unknown reward',
      as: 'member',
      method: 'POST',
      path: '/v1/me/redemptions',
      body: json({ rewardId: '00000000-0000-4000-8000-000000000000' }),
      headers: { 'Idempotency-Key': 'k-unknown' },
      status: 404,
    },
    { name: 'activity: limit 0', as: 'member', method: 'GET', path: '/v1/me/activity?limit=0', status: 400 },
    { name: 'activity: limit 1000', as: 'member', method: 'GET', path: '/v1/me/activity?limit=1000', status: 400 },
    { name: 'activity: forged cursor', as: 'member', method: 'GET', path: '/v1/me/activity?cursor=abc', status: 400 },
    {
      name: 'activity: huge cursor',
      as: 'member',
      method: 'GET',
      path: `/v1/me/activity?cursor=${'9'.repeat(40)}`,
      status: 400,
    },
    { name: 'unknown route', as: 'raw', method: 'GET', path: '/v1/nothing-here', status: 404 },
    { name: 'wrong method', as: 'raw', method: 'DELETE', path: '/v1/program', status: 404 },
    {
      name: 'missing keys on a member route',
      as: 'raw',
      method: 'POST',
      path: '/v1/me/redemptions',
      body: '{}',
      status: 401,
    },
  ];

  for (const c of cases) {
    it(c.name, async () => {
      const headers = { 'Content-Type': 'application/json', ...c.headers };
      const init = { method: c.method, headers, ...(c.body !== undefined && { body: c.body }) };
      const res =
        c.as === 'merchant'
          ? await api.merchant(c.path, init)
          : c.as === 'member'
            ? await api.browser(c.path, { ...init, token })
            : await fetch(api.url + c.path, init);
      const text = await res.text();
      assert.equal(res.status, c.status, text);
      const body = JSON.parse(text);
      assert.ok(ERROR_CODES.includes(body.error.code), text);
      assert.equal(typeof body.error.message, 'string');
      assert.doesNotMatch(text, /at .*\.(ts|js):\d+|node_modules|Error:/, 'no stack trace leaks');
    });
  }

  it('a body over 1 MB gets 413 with the envelope', async () => {
    const res = await api.merchant('/v1/rewards', {
      method: 'POST',
      json: { name: 'x', cost: 1, description: 'y'.repeat(1_100_000) },
    });
    assert.equal(res.status, 413);
    assert.equal((await res.json()).error.code, 'payload_too_large');
  });

  it('nothing above changed the ledger or the catalog', async () => {
    const balances = await balancesVersusLedger(api.db);
    assert.deepEqual(
      balances.map((b) => [b.customer_id, b.balance, b.ledger]),
      [['shopper', 100, 100]],
    );
    const rewards = await api.db.query<{ id: string; cost: number }>('SELECT id, cost FROM rewards');
    assert.deepEqual(rewards, [{ id: rewardId, cost: 10 }]);
  });
});
