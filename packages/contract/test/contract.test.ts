import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  AdjustmentBody,
  CreateRewardBody,
  CustomerId,
  ErrorEnvelope,
  OrderBody,
  type RouteDef,
  type RouteName,
  routes,
} from '../src/index.js';
import { errorExamples, examples, openApiDocument, type RouteExample } from '../src/openapi.js';

interface Operation {
  operationId: string;
  summary: string;
  description: string;
  parameters: { name: string; in: string; example?: unknown }[];
  requestBody?: { content: { 'application/json': { example?: unknown } } };
  responses: Record<string, { content?: { 'application/json': { example?: unknown } } }>;
}
const operationsOf = (doc: ReturnType<typeof openApiDocument>) =>
  Object.values(doc.paths).flatMap((methods) => Object.values(methods)) as Operation[];

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

  it('has an example of every route that its schemas accept: path, query, body and answer', () => {
    assert.deepEqual(Object.keys(examples).sort(), Object.keys(routes).sort());
    for (const [name, def] of Object.entries(routes) as [RouteName, RouteDef][]) {
      const example = examples[name] as RouteExample<RouteDef>;
      for (const [part, schema, value] of [
        ['params', def.params, example.params],
        ['query', def.query, example.query],
        ['body', def.body, example.body],
      ] as const) {
        if (!schema) {
          assert.equal(value, undefined, `${name} has no ${part}, its example neither`);
          continue;
        }
        // A query is optional (every list has a first page); path parameters and bodies are not.
        if (part === 'query' && value === undefined) continue;
        const parsed = schema.safeParse(value);
        assert.ok(parsed.success, `${name}'s example ${part}: ${parsed.error?.message}`);
      }
      const answer = def.response.safeParse(example.response);
      assert.ok(answer.success, `${name}'s example answer: ${answer.error?.message}`);
    }
    for (const [status, example] of Object.entries(errorExamples)) {
      assert.ok(ErrorEnvelope.safeParse(example).success, `the ${status} example`);
    }
  });

  it('puts the examples in the OpenAPI document: request, main answer and errors', () => {
    for (const op of operationsOf(openApiDocument())) {
      const name = op.operationId as RouteName;
      const def: RouteDef = routes[name];
      const example = examples[name] as RouteExample<RouteDef>;
      assert.deepEqual(op.responses[def.status]?.content?.['application/json'].example, example.response, name);
      if (def.body) assert.deepEqual(op.requestBody?.content['application/json'].example, example.body, name);
      for (const p of op.parameters.filter((p) => p.in === 'path')) {
        assert.equal(p.example, (example.params as Record<string, unknown> | undefined)?.[p.name], `${name} ${p.name}`);
      }
      for (const [status, response] of Object.entries(op.responses)) {
        if (status.startsWith('4')) assert.ok(response.content?.['application/json'].example, `${name} ${status}`);
      }
      // The sentence goes in the description (Markdown); the title is short.
      assert.equal(op.description, def.summary);
      assert.ok(op.summary.length < 30 && !op.summary.includes('`'), op.summary);
    }
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
