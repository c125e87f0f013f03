import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, test } from 'node:test';
import {
  createClient,
  isApiError,
  isContractError,
  isMemberCenterError,
  isNetworkError,
  isTimeoutError,
} from '../src/index.js';
import { closedPort, fakeServer } from './helpers.js';

const program = {
  id: randomUUID(),
  name: 'Fake Shop',
  currency: 'CNY',
  locale: 'en',
  pointValue: null,
  tierWindow: { kind: 'rolling_months', months: 12 },
  tiers: [],
  waysToEarn: [],
  referralOffer: null,
};
const redeemed = {
  redemption: {
    id: randomUUID(),
    rewardId: randomUUID(),
    rewardName: 'Fake coupon',
    points: 10,
    code: 'ABCD-EFGH',
    createdAt: new Date().toISOString(),
  },
  points: { balance: 90 },
};

const servers: { close(): Promise<void> }[] = [];
after(() => Promise.all(servers.map((s) => s.close())));

async function fake(handler: Parameters<typeof fakeServer>[0]) {
  const server = await fakeServer(handler);
  servers.push(server);
  return server;
}
const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  [status, { 'Content-Type': 'application/json', ...headers }, JSON.stringify(body)] as const;
const fast = { delay: () => 10 };

test('a server that is down gives a NetworkError after the retries', async () => {
  let attempts = 0;
  const client = createClient({
    baseUrl: await closedPort(),
    publishableKey: 'pk_test',
    retry: fast,
    fetch: (input, init) => {
      attempts++;
      return fetch(input, init);
    },
  });
  const error = await client.getProgram().catch((e: unknown) => e);
  assert.ok(isNetworkError(error), String(error));
  assert.ok(isMemberCenterError(error));
  assert.equal(attempts, 3);
});

test('a server that never answers gives a TimeoutError, not retried', async () => {
  const server = await fake(() => {}); // holds every request open
  const client = createClient({ baseUrl: server.url, publishableKey: 'pk_test', timeout: 200, retry: fast });
  const started = Date.now();
  const error = await client.getProgram().catch((e: unknown) => e);
  assert.ok(isTimeoutError(error), String(error));
  assert.ok(Date.now() - started < 2000);
  assert.equal(server.hits.length, 1);
});

test('a 500 is retried with backoff, then reported as an ApiError with the envelope', async () => {
  const server = await fake((_, res) => {
    const [status, headers, body] = json(500, { error: { code: 'internal_error', message: 'Boom.' } });
    res.writeHead(status, headers).end(body);
  });
  const client = createClient({ baseUrl: server.url, publishableKey: 'pk_test', retry: { limit: 2, delay: () => 10 } });
  const error = await client.getProgram().catch((e: unknown) => e);
  assert.ok(isApiError(error));
  assert.equal(error.status, 500);
  assert.equal(error.code, 'internal_error');
  assert.equal(error.message, 'Boom.');
  assert.equal(server.hits.length, 3);
});

test('a 500 followed by an answer succeeds', async () => {
  let n = 0;
  const server = await fake((_, res) => {
    const [status, headers, body] =
      n++ === 0 ? json(500, { error: { code: 'internal_error', message: 'Boom.' } }) : json(200, program);
    res.writeHead(status, headers).end(body);
  });
  const client = createClient({ baseUrl: server.url, publishableKey: 'pk_test', retry: fast });
  assert.equal((await client.getProgram()).name, 'Fake Shop');
  assert.equal(server.hits.length, 2);
});

test('an error page without an envelope is an ApiError with code `unknown`', async () => {
  const server = await fake((_, res) => res.writeHead(404, { 'Content-Type': 'text/html' }).end('<h1>Not here</h1>'));
  const client = createClient({ baseUrl: server.url, publishableKey: 'pk_test', retry: fast });
  const error = await client.getProgram().catch((e: unknown) => e);
  assert.ok(isApiError(error));
  assert.equal(error.status, 404);
  assert.equal(error.code, 'unknown');
  assert.equal(server.hits.length, 1); // a 4xx is never retried
});

test('a body that breaks the contract is a ContractError naming the field', async () => {
  const server = await fake((_, res) => {
    const [status, headers, body] = json(200, { ...program, currency: 42 });
    res.writeHead(status, headers).end(body);
  });
  const client = createClient({ baseUrl: server.url, publishableKey: 'pk_test', retry: fast });
  const error = await client.getProgram().catch((e: unknown) => e);
  assert.ok(isContractError(error), String(error));
  assert.match(error.message, /GET \/v1\/program .*currency/);
  assert.deepEqual(error.issues[0]?.path, ['currency']);
  assert.equal(server.hits.length, 1);
});

test('a 2xx body that is not JSON is a ContractError', async () => {
  const server = await fake((_, res) => res.writeHead(200, { 'Content-Type': 'text/html' }).end('<html></html>'));
  const client = createClient({ baseUrl: server.url, publishableKey: 'pk_test' });
  await assert.rejects(client.getProgram(), isContractError);
});

test('a 429 is retried after its Retry-After', async () => {
  let n = 0;
  const server = await fake((_, res) => {
    const [status, headers, body] =
      n++ === 0
        ? json(429, { error: { code: 'rate_limited', message: 'Slow down.' } }, { 'Retry-After': '1' })
        : json(200, program);
    res.writeHead(status, headers).end(body);
  });
  const client = createClient({ baseUrl: server.url, publishableKey: 'pk_test', retry: fast });
  const started = Date.now();
  await client.getProgram();
  assert.ok(Date.now() - started >= 950, `retried after ${Date.now() - started} ms`);
  assert.equal(server.hits.length, 2);
});

test('a 429 asking to wait longer than maxRetryAfter is reported, not retried', async () => {
  const server = await fake((_, res) => {
    const [status, headers, body] = json(
      429,
      { error: { code: 'rate_limited', message: 'Slow down.' } },
      { 'Retry-After': '120' },
    );
    res.writeHead(status, headers).end(body);
  });
  const client = createClient({ baseUrl: server.url, publishableKey: 'pk_test', retry: fast });
  await assert.rejects(client.getProgram(), (e) => isApiError(e) && e.status === 429 && e.code === 'rate_limited');
  assert.equal(server.hits.length, 1);
});

test('a redemption retried after 503s keeps one Idempotency-Key', async () => {
  const keys: (string | undefined)[] = [];
  const server = await fake((req, res) => {
    keys.push(req.headers['idempotency-key'] as string | undefined);
    req.resume();
    const [status, headers, body] =
      keys.length < 3 ? json(503, { error: { code: 'internal_error', message: 'Busy.' } }) : json(201, redeemed);
    res.writeHead(status, headers).end(body);
  });
  const client = createClient({ baseUrl: server.url, publishableKey: 'pk_test', token: 'member.token.x', retry: fast });
  const result = await client.redeem(redeemed.redemption.rewardId);
  assert.equal(result.redemption.code, 'ABCD-EFGH');
  assert.equal(keys.length, 3);
  assert.match(keys[0] ?? '', /^[0-9a-f-]{36}$/);
  assert.ok(keys.every((k) => k === keys[0]));
});

test('retries can be turned off', async () => {
  const server = await fake((_, res) => {
    const [status, headers, body] = json(503, { error: { code: 'internal_error', message: 'Busy.' } });
    res.writeHead(status, headers).end(body);
  });
  const client = createClient({ baseUrl: server.url, publishableKey: 'pk_test', retry: 0 });
  await assert.rejects(client.getProgram(), isApiError);
  assert.equal(server.hits.length, 1);
});
