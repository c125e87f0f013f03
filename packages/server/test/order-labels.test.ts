// An order's display label (the shop's order number): taken with the order, checked like any
// text, and returned with every ledger entry of that order, so a history never shows a raw id.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  backend,
  closeChecked,
  DEFAULT_PROGRAM,
  refunded,
  startTestApi,
  type TestApi,
  type TestClock,
  testClock,
} from './harness.js';

interface Entry {
  type: string;
  points: number;
  description: string;
  orderId: string | null;
  orderLabel?: string | null;
}

const placeOrder = (api: TestApi, customerId: string, body: Record<string, unknown>) =>
  api.merchant(`/v1/members/${customerId}/orders`, { method: 'POST', json: body });

async function history(api: TestApi, customerId: string): Promise<Entry[]> {
  const res = await api.browser('/v1/me/activity', { token: await api.token(customerId) });
  assert.equal(res.status, 200);
  return (await res.json()).items;
}

describe(`order labels (${backend})`, () => {
  let api: TestApi;
  let clock: TestClock;
  before(async () => {
    clock = testClock('2026-01-10T12:00:00Z');
    api = await startTestApi(DEFAULT_PROGRAM, { clock });
  });
  after(() => closeChecked(api));

  const total = { amount: 10_000, currency: 'CNY' };

  it('returns the label with the order’s entry and its refunds, to the member and the merchant', async () => {
    const res = await placeOrder(api, 'ann', { orderId: 'shop-7f3a9c', label: '#1001', total });
    assert.equal(res.status, 201, await res.clone().text());
    await refunded(api, 'ann', 'shop-7f3a9c', 'ref-1', 2_500);
    const mine = await history(api, 'ann');
    assert.deepEqual(
      mine.map((e) => [e.type, e.points, e.orderId, e.orderLabel, e.description]),
      [
        ['refund', -25, 'shop-7f3a9c', '#1001', 'Refund ref-1 of order shop-7f3a9c'],
        ['order', 100, 'shop-7f3a9c', '#1001', 'Order #1001'],
      ],
    );
    const merchant = await (await api.merchant('/v1/members/ann/activity')).json();
    assert.deepEqual(
      merchant.items.map((e: Entry) => e.orderLabel),
      ['#1001', '#1001'],
    );
  });

  it('is null for an order without one, and for entries of no order', async () => {
    assert.equal((await placeOrder(api, 'bo', { orderId: 'bo-1', total })).status, 201);
    const adjusted = await api.merchant('/v1/members/bo/adjustments', {
      method: 'POST',
      json: { points: 5, reason: 'Goodwill' },
      headers: { 'Idempotency-Key': 'bo-adj' },
    });
    assert.equal(adjusted.status, 201, await adjusted.clone().text());
    const entries = await history(api, 'bo');
    assert.deepEqual(
      entries.map((e) => e.type),
      ['adjustment', 'order'],
    );
    for (const e of entries) assert.equal(e.orderLabel, null, JSON.stringify(e));
  });

  it('is stored once: a replay answers the first order, another label under the same id conflicts', async () => {
    const body = { orderId: 'cy-1', label: '#2001', total };
    assert.equal((await placeOrder(api, 'cy', body)).status, 201);
    assert.equal((await placeOrder(api, 'cy', body)).status, 201);
    const changed = await placeOrder(api, 'cy', { ...body, label: '#2002' });
    assert.equal(changed.status, 409);
    assert.equal((await changed.json()).error.code, 'idempotency_conflict');
    assert.deepEqual(
      (await history(api, 'cy')).map((e) => e.orderLabel),
      ['#2001'],
    );
  });

  it('refuses an empty, overlong or unprintable label with the error envelope, recording nothing', async () => {
    for (const label of ['', 'x'.repeat(65), 'a\u0000b', 12]) {
      const res = await placeOrder(api, 'dee', { orderId: `dee-${String(label).length}`, label, total });
      assert.equal(res.status, 400, JSON.stringify(label));
      assert.equal((await res.json()).error.code, 'invalid_request');
    }
    assert.deepEqual(await history(api, 'dee'), []);
  });
});

describe(`order labels of held points (${backend})`, () => {
  let api: TestApi;
  let clock: TestClock;
  before(async () => {
    clock = testClock('2026-01-10T12:00:00Z');
    api = await startTestApi({ ...DEFAULT_PROGRAM, returnWindowDays: 14 }, { clock });
  });
  after(() => closeChecked(api));

  it('names the order by its label when its points are released after the return window', async () => {
    const res = await placeOrder(api, 'eve', {
      orderId: 'eve-9',
      label: '#3001',
      total: { amount: 5_000, currency: 'CNY' },
    });
    assert.equal(res.status, 201);
    assert.deepEqual(await history(api, 'eve'), []);
    clock.advance(15);
    assert.deepEqual(
      (await history(api, 'eve')).map((e) => [e.type, e.points, e.orderLabel, e.description]),
      [['order', 50, '#3001', 'Order #3001']],
    );
  });
});
