import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createProgram } from '../src/commands/program.js';
import { type RateLimitOptions, rateLimitsFromEnv, type StoreName } from '../src/http/rate-limit.js';
import { signMemberToken } from '../src/tokens.js';
import { backend, closeChecked, createReward, DEFAULT_PROGRAM, earn, startTestApi, type TestApi } from './harness.js';
import { assertRedisReachable, REDIS_URL, storeOptions } from './rate-limit-kit.js';

/** The limiter's clock, moved by hand: a window refills without the test sleeping. */
function limiterClock() {
  let now = 1_700_000_000_000;
  return Object.assign(() => now, {
    advance(seconds: number) {
      now += seconds * 1000;
    },
  });
}

const rateHeaders = (res: Response) => ({
  limit: res.headers.get('RateLimit-Limit'),
  remaining: res.headers.get('RateLimit-Remaining'),
  reset: res.headers.get('RateLimit-Reset'),
});

async function expectRateLimited(res: Response, retryAfter: string) {
  assert.equal(res.status, 429);
  assert.equal(res.headers.get('Retry-After'), retryAfter);
  const body = (await res.json()) as { error: { code: string; message: string } };
  assert.equal(body.error.code, 'rate_limited');
  assert.match(body.error.message, new RegExp(`try again in ${retryAfter} second`));
}

const balanceOf = async (api: TestApi, customerId: string) =>
  ((await (await api.merchant(`/v1/members/${customerId}`)).json()) as { points: { balance: number } }).points.balance;

// Every store keeps the same promises: memory, the database (PGlite or PostgreSQL) and Redis.
const STORES: StoreName[] = ['memory', 'postgres', 'redis'];

for (const store of STORES)
  describe(`rate limits (${backend}, ${store} store)`, () => {
    let api: TestApi;
    const clock = limiterClock();
    const limits: RateLimitOptions = {
      ...storeOptions(store),
      member: { limit: 3, windowSeconds: 60 },
      guest: { limit: 2, windowSeconds: 60 },
      redemptions: { limit: 2, windowSeconds: 60 },
      checkIns: { limit: 2, windowSeconds: 60 },
      merchant: { limit: 1000, windowSeconds: 60 },
      ipHeader: 'X-Forwarded-For',
      now: clock,
    };
    before(async () => {
      if (store === 'redis') await assertRedisReachable();
      api = await startTestApi({ ...DEFAULT_PROGRAM, checkIn: { points: 5 } }, { rateLimits: limits });
    });
    after(() => closeChecked(api));

    it('a member gets 429 with Retry-After after the limit; RateLimit-* headers count down', async () => {
      const token = await api.token('reader');
      const seen = [];
      for (let i = 0; i < 3; i++) {
        const res = await api.browser('/v1/me', { token });
        assert.equal(res.status, 200);
        seen.push(rateHeaders(res));
      }
      assert.deepEqual(
        seen.map((h) => [h.limit, h.remaining]),
        [
          ['3', '2'],
          ['3', '1'],
          ['3', '0'],
        ],
      );
      assert.equal(seen[2]!.reset, '60'); // three tokens at one per 20 s
      const refused = await api.browser('/v1/me', { token });
      // One token comes back every 60 / 3 = 20 seconds.
      await expectRateLimited(refused, '20');
      assert.equal(refused.headers.get('RateLimit-Remaining'), '0');
      // Every member route shares the member's allowance.
      await expectRateLimited(await api.browser('/v1/me/activity', { token }), '20');
    });

    it('other members, guests and the merchant are not held back by one member', async () => {
      const hammer = await api.token('hammer');
      for (let i = 0; i < 3; i++) await api.browser('/v1/me', { token: hammer });
      assert.equal((await api.browser('/v1/me', { token: hammer })).status, 429);
      assert.equal((await api.browser('/v1/me', { token: await api.token('bystander') })).status, 200);
      assert.equal((await api.browser('/v1/program', { headers: { 'X-Forwarded-For': '10.0.0.9' } })).status, 200);
      assert.equal((await api.merchant('/v1/members/hammer')).status, 200);
    });

    it('the window refills: one request per 20 s, the whole allowance after 60 s', async () => {
      const token = await api.token('patient');
      for (let i = 0; i < 3; i++) assert.equal((await api.browser('/v1/me', { token })).status, 200);
      assert.equal((await api.browser('/v1/me', { token })).status, 429);
      clock.advance(19);
      await expectRateLimited(await api.browser('/v1/me', { token }), '1');
      clock.advance(1);
      assert.equal((await api.browser('/v1/me', { token })).status, 200);
      assert.equal((await api.browser('/v1/me', { token })).status, 429);
      clock.advance(60);
      for (let i = 0; i < 3; i++) assert.equal((await api.browser('/v1/me', { token })).status, 200);
      assert.equal((await api.browser('/v1/me', { token })).status, 429);
    });

    it('redemptions are limited harder than reads; a refused redemption spends nothing and can be retried', async () => {
      const reward = await createReward(api, { name: 'Coupon', cost: 10 });
      await earn(api, 'redeemer', 100);
      const token = await api.token('redeemer');
      const redeem = (key: string) =>
        api.browser('/v1/me/redemptions', {
          method: 'POST',
          token,
          headers: { 'Idempotency-Key': key },
          json: { rewardId: reward.id },
        });
      assert.equal((await redeem('r1')).status, 201);
      assert.equal((await redeem('r2')).status, 201);
      await expectRateLimited(await redeem('r3'), '30');
      assert.equal(await balanceOf(api, 'redeemer'), 80);
      // Reads have their own, larger allowance.
      assert.equal((await api.browser('/v1/me', { token })).status, 200);
      assert.equal((await api.browser('/v1/rewards', { token })).status, 200);
      clock.advance(30);
      const retried = await redeem('r3');
      assert.equal(retried.status, 201);
      assert.equal(await balanceOf(api, 'redeemer'), 70);
    });

    it('check-ins have a limit of their own', async () => {
      const token = await api.token('checker');
      const checkIn = () => api.browser('/v1/me/check-ins', { method: 'POST', token });
      assert.equal((await checkIn()).status, 201);
      assert.equal((await checkIn()).status, 200); // already checked in today: the same check-in
      await expectRateLimited(await checkIn(), '30');
      assert.equal((await api.browser('/v1/me', { token })).status, 200);
    });

    it('guests are limited per publishable key and client IP (the last X-Forwarded-For entry)', async () => {
      const asGuest = (forwardedFor: string) =>
        api.browser('/v1/rewards', { headers: { 'X-Forwarded-For': forwardedFor } });
      assert.equal((await asGuest('203.0.113.1')).status, 200);
      assert.equal((await asGuest('203.0.113.1')).status, 200);
      await expectRateLimited(await asGuest('203.0.113.1'), '30');
      // A forged first entry does not buy a new allowance: the proxy appended the real address.
      assert.equal((await asGuest('198.51.100.77, 203.0.113.1')).status, 429);
      assert.equal((await asGuest('203.0.113.2')).status, 200);
    });

    it('a forged token cannot use up a real member’s allowance', async () => {
      const forged = await signMemberToken('sk_not_this_program', 'victim');
      for (let i = 0; i < 5; i++) assert.equal((await api.browser('/v1/me', { token: forged })).status, 401);
      const token = await api.token('victim');
      for (let i = 0; i < 3; i++) assert.equal((await api.browser('/v1/me', { token })).status, 200);
    });

    it('a browser can read Retry-After and the RateLimit-* headers of a 429 (CORS)', async () => {
      const token = await api.token('cors-member');
      const fromShop = () => api.browser('/v1/me', { token, headers: { Origin: 'http://shop.test' } });
      for (let i = 0; i < 3; i++) await fromShop();
      const refused = await fromShop();
      assert.equal(refused.status, 429);
      assert.equal(refused.headers.get('Access-Control-Allow-Origin'), 'http://shop.test');
      const exposed = refused.headers.get('Access-Control-Expose-Headers') ?? '';
      for (const name of ['Retry-After', 'RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset']) {
        assert.ok(exposed.includes(name), `${name} is exposed: ${exposed}`);
      }
    });
  });

for (const store of STORES)
  describe(`rate limits per secret key (${backend}, ${store} store)`, () => {
    let api: TestApi;
    before(async () => {
      if (store === 'redis') await assertRedisReachable();
      api = await startTestApi(DEFAULT_PROGRAM, {
        rateLimits: { ...storeOptions(store), merchant: { limit: 2, windowSeconds: 10 }, now: limiterClock() },
      });
    });
    after(() => api.close());

    it('each secret key has its own allowance', async () => {
      assert.equal((await api.merchant('/v1/campaigns')).status, 200);
      assert.equal((await api.merchant('/v1/members/nobody')).status, 404); // refused requests count too
      await expectRateLimited(await api.merchant('/v1/campaigns'), '5');
      const other = await createProgram(api.db, { name: 'Other Shop', currency: 'CNY' });
      const res = await fetch(`${api.url}/v1/campaigns`, { headers: { Authorization: `Bearer ${other.secret_key}` } });
      assert.equal(res.status, 200);
    });
  });

describe('rate limits from the environment', () => {
  it('reads RATE_LIMIT_<KIND>=<limit>/<seconds>, RATE_LIMIT_IP_HEADER, REDIS_URL, RATE_LIMIT_STORE and RATE_LIMITS=off', () => {
    assert.deepEqual(
      rateLimitsFromEnv({
        RATE_LIMIT_REDEMPTIONS: '5/60',
        RATE_LIMIT_MERCHANT: '100/1s',
        RATE_LIMIT_IP_HEADER: 'X-Real-IP',
      }),
      {
        redemptions: { limit: 5, windowSeconds: 60 },
        merchant: { limit: 100, windowSeconds: 1 },
        ipHeader: 'X-Real-IP',
      },
    );
    assert.equal(rateLimitsFromEnv({ RATE_LIMITS: 'off' }), false);
    assert.deepEqual(rateLimitsFromEnv({}), {});
    assert.deepEqual(rateLimitsFromEnv({ REDIS_URL: REDIS_URL }), { redisUrl: REDIS_URL });
    assert.deepEqual(rateLimitsFromEnv({ REDIS_URL: REDIS_URL, RATE_LIMIT_STORE: 'postgres' }), {
      redisUrl: REDIS_URL,
      store: 'postgres',
    });
  });

  it('refuses a value it cannot read, naming the variable', () => {
    assert.throws(() => rateLimitsFromEnv({ RATE_LIMIT_MEMBER: 'lots' }), /RATE_LIMIT_MEMBER=lots/);
    assert.throws(() => rateLimitsFromEnv({ RATE_LIMIT_GUEST: '0/60' }), /RATE_LIMIT_GUEST/);
    assert.throws(() => rateLimitsFromEnv({ RATE_LIMIT_STORE: 'disk' }), /RATE_LIMIT_STORE=disk/);
    assert.throws(() => rateLimitsFromEnv({ RATE_LIMIT_STORE: 'redis' }), /needs REDIS_URL/);
  });
});
