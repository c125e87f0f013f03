import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { createProgram } from '../src/commands/program.js';
import { type Database, openDatabase } from '../src/db/database.js';
import type { RateLimitOptions } from '../src/http/rate-limit.js';
import type { ProgramRow } from '../src/kernel/programs.js';
import { type RunningServer, startServer } from '../src/server.js';
import { signMemberToken } from '../src/tokens.js';
import { assertMoneyInvariants, backend, DATABASE_URL, DEFAULT_PROGRAM, testDatabase } from './harness.js';
import { assertRedisReachable, REDIS_URL, redisClient, redisKeyPrefix } from './rate-limit-kit.js';
import { scratchDatabase } from './scratch-database.js';

/** The limiter's clock, moved by hand. */
function limiterClock() {
  let now = 1_700_000_000_000;
  return Object.assign(() => now, {
    advance(seconds: number) {
      now += seconds * 1000;
    },
  });
}

/**
 * Two databases handles on one database, as two API processes have: on PostgreSQL two pools
 * (so two sets of backends race on the bucket row), on PGlite the one instance twice.
 */
async function twoHandles(): Promise<{ dbs: [Database, Database]; close(): Promise<void> }> {
  if (!DATABASE_URL) {
    const db = await testDatabase();
    return { dbs: [db, db], close: () => db.close() };
  }
  const scratch = await scratchDatabase(DATABASE_URL, 'mc_test');
  const a = await openDatabase({ url: scratch.url });
  const b = await openDatabase({ url: scratch.url });
  return {
    dbs: [a, b],
    async close() {
      await Promise.all([a.close(), b.close()]);
      await scratch.drop();
    },
  };
}

/** Two API instances on one database, each with its own limiter (and its own store connection). */
async function twoInstances(limits: RateLimitOptions) {
  const handles = await twoHandles();
  const program = await createProgram(handles.dbs[0], DEFAULT_PROGRAM);
  const servers = await Promise.all(
    handles.dbs.map((db) =>
      startServer(db, { port: 0, hostname: '127.0.0.1', checkResponses: true, rateLimits: limits }),
    ),
  );
  return {
    db: handles.dbs[0],
    program,
    servers,
    async close() {
      await Promise.all(servers.map((s) => s.close()));
      await handles.close();
    },
  };
}

function asMember(server: RunningServer, program: ProgramRow, token: string, path: string, init: RequestInit = {}) {
  return fetch(server.url + path, {
    ...init,
    headers: {
      'X-Publishable-Key': program.publishable_key,
      Authorization: `Bearer ${token}`,
      'Content-Type': 'application/json',
      ...(init.headers as Record<string, string>),
    },
  });
}

function merchant(server: RunningServer, program: ProgramRow, path: string, json: unknown) {
  return fetch(server.url + path, {
    method: 'POST',
    headers: { Authorization: `Bearer ${program.secret_key}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(json),
  });
}

const statusCounts = (responses: Response[]) => {
  const counts: Record<number, number> = {};
  for (const r of responses) counts[r.status] = (counts[r.status] ?? 0) + 1;
  return counts;
};

for (const store of ['postgres', 'redis'] as const) {
  describe(`one limit across two API instances (${backend}, ${store} store)`, () => {
    const clock = limiterClock();
    let two: Awaited<ReturnType<typeof twoInstances>>;
    before(async () => {
      if (store === 'redis') await assertRedisReachable();
      // One key prefix for both instances: they are one deployment.
      const shared = store === 'redis' ? { redisUrl: REDIS_URL, redisKeyPrefix: redisKeyPrefix() } : {};
      two = await twoInstances({
        store,
        ...shared,
        member: { limit: 10, windowSeconds: 60 },
        redemptions: { limit: 10, windowSeconds: 60 },
        now: clock,
      });
    });
    after(async () => {
      if (!two) return;
      await assertMoneyInvariants(two.db);
      await two.close();
    });

    it('a 10/min bucket lets exactly 10 of 40 simultaneous requests through, spread over both instances', async () => {
      const token = await signMemberToken(two.program.secret_key, 'busy');
      const [a, b] = two.servers;
      const responses = await Promise.all(
        Array.from({ length: 40 }, (_, i) => asMember(i % 2 ? b! : a!, two.program, token, '/v1/me')),
      );
      assert.deepEqual(statusCounts(responses), { 200: 10, 429: 30 });
      // Each token was taken once: the ten answers count down 9…0 between them, none twice.
      const remaining = responses
        .filter((r) => r.status === 200)
        .map((r) => Number(r.headers.get('RateLimit-Remaining')))
        .sort((x, y) => x - y);
      assert.deepEqual(remaining, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      // Neither instance has an allowance of its own left.
      assert.equal((await asMember(a!, two.program, token, '/v1/me')).status, 429);
      assert.equal((await asMember(b!, two.program, token, '/v1/me')).status, 429);
    });

    it('the refill is shared too: 6 s later one request more, on whichever instance asks first', async () => {
      const token = await signMemberToken(two.program.secret_key, 'busy');
      const [a, b] = two.servers;
      clock.advance(6); // 10 per 60 s: one token every 6 s
      assert.equal((await asMember(b!, two.program, token, '/v1/me')).status, 200);
      const refused = await asMember(a!, two.program, token, '/v1/me');
      assert.equal(refused.status, 429);
      assert.equal(refused.headers.get('Retry-After'), '6');
    });

    it('redemptions: 10 of 30 simultaneous ones go through across both, and only those spend points', async () => {
      const [a, b] = two.servers;
      const created = await merchant(a!, two.program, '/v1/rewards', { name: 'Coupon', cost: 10 });
      const reward = ((await created.json()) as { reward: { id: string } }).reward;
      const earned = await merchant(a!, two.program, '/v1/members/redeemer/orders', {
        orderId: 'o-1',
        total: { amount: 50_000, currency: 'CNY' },
      });
      assert.equal(earned.status, 201);
      const token = await signMemberToken(two.program.secret_key, 'redeemer');
      const responses = await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          asMember(i % 2 ? b! : a!, two.program, token, '/v1/me/redemptions', {
            method: 'POST',
            headers: { 'Idempotency-Key': randomUUID() },
            body: JSON.stringify({ rewardId: reward.id }),
          }),
        ),
      );
      assert.deepEqual(statusCounts(responses), { 201: 10, 429: 20 });
      const me = (await (await asMember(b!, two.program, token, '/v1/me')).json()) as { points: { balance: number } };
      assert.equal(me.points.balance, 500 - 10 * 10);
    });
  });
}

describe(`the memory store is per instance (${backend})`, () => {
  it('two instances let a caller through twice: why N processes need the postgres or redis store', async () => {
    const two = await twoInstances({ store: 'memory', member: { limit: 5, windowSeconds: 60 }, now: limiterClock() });
    try {
      const token = await signMemberToken(two.program.secret_key, 'twice');
      const responses = await Promise.all(
        Array.from({ length: 20 }, (_, i) => asMember(two.servers[i % 2]!, two.program, token, '/v1/me')),
      );
      assert.deepEqual(statusCounts(responses), { 200: 10, 429: 10 });
    } finally {
      await two.close();
    }
  });
});

/** A port nothing listens on: one the OS just handed out and took back. */
async function closedPort() {
  const server = createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe(`when Redis fails, requests go through unlimited and it is logged (${backend})`, () => {
  it('Redis unreachable: every request is answered, without RateLimit-* headers; one warning, not one per request', async (t) => {
    const warn = t.mock.method(console, 'warn', () => {});
    const two = await twoInstances({
      store: 'redis',
      redisUrl: `redis://127.0.0.1:${await closedPort()}`,
      member: { limit: 2, windowSeconds: 60 },
    });
    try {
      const token = await signMemberToken(two.program.secret_key, 'unlimited');
      for (let i = 0; i < 5; i++) {
        const res = await asMember(two.servers[0]!, two.program, token, '/v1/me');
        assert.equal(res.status, 200, 'a limit of 2 is not enforced without its store');
        assert.equal(res.headers.get('RateLimit-Limit'), null);
      }
      const warnings = warn.mock.calls.map((c) => String(c.arguments[0]));
      assert.equal(warnings.length, 1, warnings.join('\n'));
      assert.match(warnings[0]!, /the redis store failed .*letting requests through unlimited/);
    } finally {
      await two.close();
    }
  });

  it('Redis stalled (CLIENT PAUSE): a take gives up after its timeout; when Redis answers again, the limit holds again', async (t) => {
    await assertRedisReachable();
    const warn = t.mock.method(console, 'warn', () => {});
    const two = await twoInstances({
      store: 'redis',
      redisUrl: REDIS_URL,
      redisKeyPrefix: redisKeyPrefix(),
      redisTimeoutMs: 200,
      member: { limit: 3, windowSeconds: 60 },
      now: limiterClock(),
    });
    const admin = redisClient();
    try {
      await admin.connect();
      const token = await signMemberToken(two.program.secret_key, 'stalled');
      const me = () => asMember(two.servers[0]!, two.program, token, '/v1/me');
      assert.equal((await me()).headers.get('RateLimit-Remaining'), '2');
      // Writes (our script writes) wait for 1.5 s; the take gives up after 200 ms.
      await admin.call('CLIENT', 'PAUSE', '1500', 'WRITE');
      const stalled = await me();
      assert.equal(stalled.status, 200);
      assert.equal(stalled.headers.get('RateLimit-Limit'), null);
      assert.match(String(warn.mock.calls[0]?.arguments[0]), /redis store failed/);
      await sleep(1600);
      // The stalled take ran once Redis woke up, so one token is left, not two.
      const next = await me();
      assert.equal(next.status, 200);
      assert.equal(next.headers.get('RateLimit-Remaining'), '0');
      assert.equal((await me()).status, 429);
      assert.match(String(warn.mock.calls.at(-1)?.arguments[0]), /the redis store answers again/);
    } finally {
      await admin.call('CLIENT', 'UNPAUSE').catch(() => {});
      admin.disconnect();
      await two.close();
    }
  });
});
