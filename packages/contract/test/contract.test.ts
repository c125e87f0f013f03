import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AdjustmentBody, CreateRewardBody, CustomerId, OrderBody, routes } from '../src/index.js';
import { openApiDocument } from '../src/openapi.js';

describe('the contract', () => {
  it('generates an OpenAPI 3.1 operation for every route, with its schemas', () => {
    const doc = openApiDocument('https://api.example.com');
    const operations = Object.values(doc.paths).flatMap((methods) => Object.values(methods)) as {
      operationId: string;
      responses: Record<string, { content?: { 'application/json': { schema: { type?: string } } } }>;
    }[];
    assert.deepEqual(operations.map((o) => o.operationId).sort(), Object.keys(routes).sort());
    for (const op of operations) {
      const ok = Object.entries(op.responses).find(([status]) => status.startsWith('2'))!;
      assert.equal(ok[1].content?.['application/json'].schema.type, 'object', op.operationId);
      assert.ok(op.responses['400'] && op.responses['401'], `${op.operationId} documents its errors`);
    }
    assert.deepEqual(doc.servers, [{ url: 'https://api.example.com' }]);
  });

  it('keeps request numbers within ±1,000,000,000 and whole', () => {
    assert.ok(AdjustmentBody.safeParse({ points: -1_000_000_000, reason: 'x' }).success);
    assert.ok(!AdjustmentBody.safeParse({ points: 1_000_000_001, reason: 'x' }).success);
    assert.ok(!AdjustmentBody.safeParse({ points: 0.5, reason: 'x' }).success);
    assert.ok(!OrderBody.safeParse({ orderId: 'o', total: { amount: -1, currency: 'CNY' } }).success);
    assert.ok(!CreateRewardBody.safeParse({ name: 'x', cost: 0 }).success);
  });

  it('refuses text Postgres could not store or a person could not see', () => {
    for (const name of ['a\u0000b', 'a\ud800', '\u0007bell', '']) {
      assert.ok(!CreateRewardBody.safeParse({ name, cost: 1 }).success, JSON.stringify(name));
    }
    assert.ok(CreateRewardBody.safeParse({ name: '积分商城 🎁', cost: 1, description: 'line one\nline two' }).success);
  });

  it('accepts the customer ids merchants use, and nothing odd', () => {
    for (const id of ['42', 'cus_9f8e', 'ada@example.com', 'shop:1234', 'a+b.c-d_e'])
      assert.ok(CustomerId.safeParse(id).success, id);
    for (const id of ['', 'a b', 'x'.repeat(129), '用户', 'a/b', '../etc'])
      assert.ok(!CustomerId.safeParse(id).success, id);
  });
});
