import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type ApiError, isApiError } from '../src/index.js';
import { recordingFetch, startApi } from './helpers.js';

let api: Awaited<ReturnType<typeof startApi>>;
before(async () => {
  // Points as cash: 100 points = ¥1.00.
  api = await startApi({ cashPoints: 100, cashMinor: 100 });
});
after(async () => {
  await api.close();
});

let members = 0;
const memberClient = (customerId: string, fetch?: typeof globalThis.fetch) => api.memberClient(customerId, fetch);

describe('createDiscount()', () => {
  test('without a rule the API refuses with 422 discount_unavailable', async () => {
    const customerId = `discounter-${++members}`;
    await api.givePoints(customerId, 500);
    const client = await memberClient(customerId);
    await assert.rejects(
      client.createDiscount(100),
      (e: ApiError) => isApiError(e) && e.status === 422 && e.code === 'discount_unavailable',
    );
  });

  test('holds the points: the store shows the balance and held at once; one key across calls', async () => {
    await api.merchant('PATCH', '/v1/program', { pointsDiscount: { minPoints: 100, step: 100 } });
    const customerId = `discounter-${++members}`;
    await api.givePoints(customerId, 500);
    const rec = recordingFetch();
    const client = await memberClient(customerId, rec.fetch);
    client.store.subscribe('me', () => {});
    await client.store.load('me');
    const result = await client.createDiscount(200, { idempotencyKey: 'cart-7' });
    assert.equal(result.redemption.kind, 'points_discount');
    assert.deepEqual(result.points, { balance: 300, held: 200 });
    assert.equal(client.store.get('me').data?.points.balance, 300);
    assert.equal(client.store.get('me').data?.points.held, 200);
    const again = await client.createDiscount(200, { idempotencyKey: 'cart-7' });
    assert.deepEqual(again, result, 'the same key answers the same code');
    const keys = rec.seen.filter((r) => r.path === '/v1/me/discounts').map((r) => r.headers.get('Idempotency-Key'));
    assert.deepEqual(keys, ['cart-7', 'cart-7']);
    await assert.rejects(
      client.createDiscount(150),
      (e: ApiError) => isApiError(e) && e.status === 422 && e.code === 'discount_not_allowed',
    );
  });
});
