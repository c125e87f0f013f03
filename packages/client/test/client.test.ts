import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { signMemberToken } from '@member-center/server';
import { type ApiError, createClient, isApiError } from '../src/index.js';
import { asRequest, recordingFetch, startApi, until } from './helpers.js';

let api: Awaited<ReturnType<typeof startApi>>;
before(async () => {
  api = await startApi();
});
after(async () => {
  await api.close();
});

let members = 0;
/** A fresh member (customer id) so tests do not share balances. */
const newMember = () => `shopper-${++members}`;
const tokenFor = (customerId: string, ttl = 900, name?: string) =>
  signMemberToken(api.secretKey, customerId, { ttl, ...(name && { name }) });

const clientWith = (options: Partial<Parameters<typeof createClient>[0]> = {}) =>
  createClient({ baseUrl: api.url, publishableKey: api.publishableKey, ...options });

describe('guest and member', () => {
  test('a guest sees the program and the bazaar without eligibility, and no member routes', async () => {
    await api.createReward('Guest mug', 100);
    const rec = recordingFetch();
    const client = clientWith({ fetch: rec.fetch });
    assert.equal(client.isMember, false);

    const program = await client.getProgram();
    assert.equal(program.name, 'Client Test Shop');
    const rewards = await client.listRewards();
    assert.ok(rewards.items.some((r) => r.name === 'Guest mug'));
    assert.ok(rewards.items.every((r) => r.redeemable === undefined));
    await assert.rejects(
      client.getMe(),
      (e: ApiError) => isApiError(e) && e.status === 401 && e.code === 'unauthenticated',
    );

    assert.ok(rec.seen.every((r) => r.headers.get('X-Publishable-Key') === api.publishableKey));
    assert.ok(rec.seen.every((r) => !r.headers.has('Authorization')));
  });

  test('a member gets their summary and what they can redeem, with the token as a Bearer header', async () => {
    const customerId = newMember();
    await api.givePoints(customerId, 50);
    await api.createReward('Cheap sticker', 10);
    const token = await tokenFor(customerId, 900, 'Ada');
    const rec = recordingFetch();
    const client = clientWith({ token, fetch: rec.fetch });
    assert.equal(client.isMember, true);

    const me = await client.getMe();
    assert.equal(me.member.customerId, customerId);
    assert.equal(me.points.balance, 50);
    const sticker = (await client.listRewards()).items.find((r) => r.name === 'Cheap sticker');
    assert.equal(sticker?.redeemable, true);
    assert.equal((await client.getReferral()).code, me.referral.code);
    assert.ok(rec.seen.every((r) => r.headers.get('Authorization') === `Bearer ${token}`));
  });

  test('page options become the query string', async () => {
    const customerId = newMember();
    await api.givePoints(customerId, 1);
    await api.givePoints(customerId, 2);
    const rec = recordingFetch();
    const client = clientWith({ token: await tokenFor(customerId), fetch: rec.fetch });
    const first = await client.listActivity({ limit: 1 });
    assert.equal(first.items.length, 1);
    assert.equal(first.items[0]?.points, 2);
    assert.ok(first.nextCursor);
    const second = await client.listActivity({ limit: 1, cursor: first.nextCursor });
    assert.equal(second.items[0]?.points, 1);
  });
});

describe('store', () => {
  test('ten widgets loading `me` at once send one request, which loads every first-paint key; a loaded resource is not fetched again', async () => {
    const customerId = newMember();
    await api.givePoints(customerId, 20);
    const rec = recordingFetch();
    const client = clientWith({ token: await tokenFor(customerId), fetch: rec.fetch });

    const results = await Promise.all(Array.from({ length: 10 }, () => client.store.load('me')));
    assert.deepEqual(
      rec.seen.map((r) => `${r.method} ${r.path}`),
      ['GET /v1/bootstrap'],
    );
    assert.ok(results.every((me) => me === results[0]));
    assert.equal(results[0]?.points.balance, 20);
    // The bazaar, the referral and the program came with it: widgets asking for them send nothing.
    const [rewards, referral, program] = await Promise.all([
      client.store.load('rewards'),
      client.store.load('referral'),
      client.store.load('program'),
    ]);
    assert.equal(referral.code, results[0]?.referral.code);
    assert.ok(rewards.items.length > 0 && rewards.items.every((r) => r.redeemable !== undefined));
    assert.equal(program.name, 'Client Test Shop');
    assert.equal(rec.seen.length, 1);

    await client.store.load('me');
    assert.equal(rec.seen.length, 1);
    // A forced load (Retry) asks that key's own route.
    await client.store.load('me', { force: true });
    assert.equal(rec.count('GET', '/v1/me'), 1);
    assert.equal(rec.seen.length, 2);
  });

  test('a guest page loads the program and the bazaar in one request; the member keys stay theirs', async () => {
    await api.createReward('Guest boot mug', 100);
    const rec = recordingFetch();
    const client = clientWith({ fetch: rec.fetch });
    const [program, rewards] = await Promise.all([client.store.load('program'), client.store.load('rewards')]);
    assert.equal(program.name, 'Client Test Shop');
    assert.ok(rewards.items.some((r) => r.name === 'Guest boot mug' && r.redeemable === undefined));
    assert.deepEqual(
      rec.seen.map((r) => `${r.method} ${r.path}`),
      ['GET /v1/bootstrap'],
    );
    assert.equal(client.store.get('me').status, 'idle');
    assert.equal(client.store.get('referral').status, 'idle');
  });

  test('a refresh after an order reloads balance, bazaar and referral in one request, not three', async () => {
    const customerId = newMember();
    await api.givePoints(customerId, 40);
    const rec = recordingFetch();
    const client = clientWith({ token: await tokenFor(customerId), fetch: rec.fetch });
    const { store } = client;
    for (const key of ['me', 'rewards', 'referral'] as const) store.subscribe(key, () => {});
    await Promise.all([store.load('me'), store.load('rewards'), store.load('referral')]);
    await api.givePoints(customerId, 60);
    await store.refresh();
    assert.deepEqual(
      rec.seen.map((r) => `${r.method} ${r.path}`),
      ['GET /v1/bootstrap', 'GET /v1/bootstrap'],
    );
    assert.equal(store.get('me').data?.points.balance, 100);
    assert.deepEqual(
      (['me', 'rewards', 'referral'] as const).map((key) => store.get(key).status),
      ['ready', 'ready', 'ready'],
    );
  });

  test('a failed bootstrap leaves each key in its error state; Retry loads that key alone', async () => {
    const customerId = newMember();
    await api.givePoints(customerId, 10);
    let fail = true;
    const rec = recordingFetch((input, init) =>
      fail ? Promise.resolve(new Response('{}', { status: 400 })) : fetch(input, init),
    );
    const client = clientWith({ token: await tokenFor(customerId), fetch: rec.fetch, retry: 0 });
    const { store } = client;
    await assert.rejects(store.load('me'), isApiError);
    assert.deepEqual(
      (['program', 'me', 'referral', 'rewards'] as const).map((key) => store.get(key).status),
      ['error', 'error', 'error', 'error'],
    );
    fail = false;
    assert.equal((await store.load('referral', { force: true })).stats.invited, 0);
    assert.equal(rec.count('GET', '/v1/me/referral'), 1);
    assert.equal(store.get('me').status, 'error');
  });

  test('a refresh keeps the old data visible while it reloads (stale-while-revalidate)', async () => {
    const customerId = newMember();
    await api.givePoints(customerId, 30);
    const client = clientWith({ token: await tokenFor(customerId) });
    await client.store.load('me');
    const seen: { status: string; balance: number | undefined }[] = [];
    const off = client.store.subscribe('me', (r) => seen.push({ status: r.status, balance: r.data?.points.balance }));
    await api.givePoints(customerId, 5);
    await client.store.refresh();
    off();
    assert.deepEqual(seen, [
      { status: 'loading', balance: 30 },
      { status: 'ready', balance: 35 },
    ]);
  });

  test('a load that fails keeps the error on the resource and rejects', async () => {
    const client = clientWith(); // a guest cannot load `me`
    await assert.rejects(client.store.load('me'), isApiError);
    const me = client.store.get('me');
    assert.equal(me.status, 'error');
    assert.ok(isApiError(me.error) && me.error.status === 401);
  });

  test('a redemption updates balance, bazaar, history and coupons for every subscriber', async () => {
    const customerId = newMember();
    await api.givePoints(customerId, 1500);
    const mug = await api.createReward('Redeem mug', 1000);
    await api.createReward('Redeem tote', 800);
    const rec = recordingFetch();
    const client = clientWith({ token: await tokenFor(customerId), fetch: rec.fetch });
    const { store } = client;
    for (const key of ['me', 'rewards', 'activity', 'redemptions'] as const) store.subscribe(key, () => {});
    await Promise.all([store.load('me'), store.load('rewards'), store.load('activity'), store.load('redemptions')]);
    assert.equal(store.get('rewards').data?.items.find((r) => r.name === 'Redeem tote')?.redeemable, true);

    const result = await client.redeem(mug);
    assert.equal(result.points.balance, 500);
    // Patched from the response at once, before the re-fetch of `me` answers.
    assert.equal(store.get('me').data?.points.balance, 500);
    assert.equal(store.get('me').status, 'loading');

    const rewards = await until(
      (l) => store.subscribe('rewards', l),
      store.get('rewards'),
      (r) => r.status === 'ready' && r.data?.items.find((i) => i.name === 'Redeem tote')?.redeemable === false,
    );
    assert.equal(rewards.data?.items.find((i) => i.name === 'Redeem tote')?.reason, 'insufficient_points');
    const activity = await until(
      (l) => store.subscribe('activity', l),
      store.get('activity'),
      (r) => r.status === 'ready' && r.data?.items[0]?.type === 'redemption',
    );
    assert.equal(activity.data?.items[0]?.points, -1000);
    const redemptions = await until(
      (l) => store.subscribe('redemptions', l),
      store.get('redemptions'),
      (r) => r.status === 'ready' && r.data?.items.length === 1,
    );
    assert.equal(redemptions.data?.items[0]?.id, result.redemption.id);
    const me = await until(
      (l) => store.subscribe('me', l),
      store.get('me'),
      (r) => r.status === 'ready',
    );
    assert.equal(me.data?.points.balance, 500);
    // The first paint and the reload after the redemption: one bootstrap each, no GET /v1/me or /v1/rewards.
    assert.equal(rec.count('GET', '/v1/bootstrap'), 2);
    assert.equal(rec.count('GET', '/v1/me') + rec.count('GET', '/v1/rewards'), 0);
  });

  test('logout clears member data; a new token loads the new member', async () => {
    const ada = newMember();
    const bob = newMember();
    await api.givePoints(ada, 70);
    await api.givePoints(bob, 90);
    await api.createReward('Logout cap', 10);
    const client = clientWith({ token: await tokenFor(ada) });
    const { store } = client;
    store.subscribe('me', () => {});
    store.subscribe('rewards', () => {});
    await Promise.all([store.load('me'), store.load('rewards')]);
    assert.equal(store.get('me').data?.member.customerId, ada);

    client.setToken(null);
    assert.equal(client.isMember, false);
    assert.deepEqual(store.get('me'), { status: 'idle' });
    // The bazaar is reloaded as a guest sees it: no eligibility.
    const guestRewards = await until(
      (l) => store.subscribe('rewards', l),
      store.get('rewards'),
      (r) => r.status === 'ready',
    );
    assert.ok(guestRewards.data?.items.every((r) => r.redeemable === undefined));
    assert.equal(store.get('me').status, 'idle');

    client.setToken(await tokenFor(bob));
    const me = await until(
      (l) => store.subscribe('me', l),
      store.get('me'),
      (r) => r.status === 'ready',
    );
    assert.equal(me.data?.member.customerId, bob);
    assert.equal(me.data?.points.balance, 90);
  });
});

describe('tokens', () => {
  test('a token function is asked once while its token is fresh, by concurrent requests too', async () => {
    const customerId = newMember();
    let calls = 0;
    const client = clientWith({
      token: async () => {
        calls++;
        return tokenFor(customerId, 900);
      },
    });
    await Promise.all([client.store.load('me'), client.store.load('rewards'), client.store.load('activity')]);
    await client.getReferral();
    assert.equal(calls, 1);
  });

  test('a token expiring within a minute is replaced before the request is sent', async () => {
    const customerId = newMember();
    const rec = recordingFetch();
    let calls = 0;
    const client = clientWith({
      fetch: rec.fetch,
      token: async () => tokenFor(customerId, 30, `call ${++calls}`),
    });
    await client.getMe();
    await client.getMe();
    assert.equal(calls, 2);
    const [first, second] = rec.seen.map((r) => r.headers.get('Authorization'));
    assert.notEqual(first, second);
    assert.equal(rec.count('GET', '/v1/me'), 2); // no 401 round trip
  });

  test('on 401 token_expired the function is asked again and the request retried once', async () => {
    const customerId = newMember();
    const rec = recordingFetch();
    const tokens = [await tokenFor(customerId, -120), await tokenFor(customerId, 900)];
    let calls = 0;
    const client = clientWith({ fetch: rec.fetch, token: async () => tokens[calls++] ?? null });
    const me = await client.getMe();
    assert.equal(me.member.customerId, customerId);
    assert.equal(calls, 2);
    assert.equal(rec.count('GET', '/v1/me'), 2);
  });

  test('a token that stays expired fails with token_expired after one retry, and a fixed one is not retried', async () => {
    const customerId = newMember();
    const expired = await tokenFor(customerId, -120);
    const rec = recordingFetch();
    const client = clientWith({ fetch: rec.fetch, token: async () => expired });
    await assert.rejects(client.getMe(), (e) => isApiError(e) && e.code === 'token_expired' && e.status === 401);
    assert.equal(rec.count('GET', '/v1/me'), 2);

    const fixed = recordingFetch();
    const fixedClient = clientWith({ fetch: fixed.fetch, token: expired });
    await assert.rejects(fixedClient.getMe(), (e) => isApiError(e) && e.code === 'token_expired');
    assert.equal(fixed.count('GET', '/v1/me'), 1);
  });
});

describe('redemptions', () => {
  test('a response lost after the server spent the points is retried with the same key: spent once', async () => {
    const customerId = newMember();
    await api.givePoints(customerId, 300);
    const reward = await api.createReward('Flaky network coupon', 100);
    const keys: (string | null)[] = [];
    const replayed: (string | null)[] = [];
    let dropped = false;
    const flaky: typeof fetch = async (input, init) => {
      const request = asRequest(input, init);
      if (request.method === 'POST') keys.push(request.headers.get('Idempotency-Key'));
      const response = await fetch(input, init);
      if (request.method !== 'POST') return response;
      replayed.push(response.headers.get('Idempotent-Replayed'));
      if (!dropped) {
        dropped = true;
        await response.arrayBuffer(); // the server has answered: the points are spent
        throw new TypeError('fetch failed'); // …but the answer never reaches the shopper
      }
      return response;
    };
    const client = clientWith({ token: await tokenFor(customerId), fetch: flaky, retry: { delay: () => 10 } });

    const result = await client.redeem(reward);
    assert.equal(keys.length, 2);
    assert.ok(keys[0]);
    assert.equal(keys[1], keys[0]);
    assert.deepEqual(replayed, [null, 'true']);
    assert.equal(result.points.balance, 200);
    assert.equal(await api.balanceOf(customerId), 200);
    const wallet = await client.listRedemptions();
    assert.deepEqual(
      wallet.items.map((r) => r.id),
      [result.redemption.id],
    );
  });

  test('a business-rule refusal (4xx) is not retried and carries the envelope', async () => {
    const customerId = newMember();
    await api.givePoints(customerId, 5);
    const reward = await api.createReward('Too dear', 1000);
    const rec = recordingFetch();
    const client = clientWith({ token: await tokenFor(customerId), fetch: rec.fetch, retry: { delay: () => 10 } });
    const error = await client.redeem(reward).catch((e: unknown) => e);
    assert.ok(isApiError(error));
    assert.equal(error.status, 422);
    assert.equal(error.code, 'insufficient_points');
    assert.ok(error.message.length > 0);
    assert.equal(rec.count('POST', '/v1/me/redemptions'), 1);
    assert.equal(await api.balanceOf(customerId), 5);
  });

  test('a caller retrying with its own idempotency key gets the first redemption back', async () => {
    const customerId = newMember();
    await api.givePoints(customerId, 100);
    const reward = await api.createReward('Own key coupon', 40);
    const client = clientWith({ token: await tokenFor(customerId) });
    const first = await client.redeem(reward, { idempotencyKey: 'checkout-42' });
    const again = await client.redeem(reward, { idempotencyKey: 'checkout-42' });
    assert.equal(again.redemption.id, first.redemption.id);
    assert.equal(await api.balanceOf(customerId), 60);
    const other = await client.redeem(reward);
    assert.notEqual(other.redemption.id, first.redemption.id);
    assert.equal(await api.balanceOf(customerId), 20);
  });
});
