import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type ApiError, createClient, isApiError } from '../src/index.js';
import { recordingFetch, startApi, until } from './helpers.js';

let api: Awaited<ReturnType<typeof startApi>>;
before(async () => {
  api = await startApi();
});
after(async () => {
  await api.close();
});

let members = 0;
const newMember = () => `checker-${++members}`;
const memberClient = (customerId: string, fetch?: typeof globalThis.fetch) => api.memberClient(customerId, fetch);

/** What the check-in shows of a day: done today, and the streak. */
const dayOf = (c: { today: boolean; streak: number } | null | undefined) => c && { today: c.today, streak: c.streak };

describe('checkIn()', () => {
  test('a program without check-ins answers 422 check_in_unavailable and the store keeps its balance', async () => {
    const customerId = newMember();
    await api.givePoints(customerId, 40);
    const client = await memberClient(customerId);
    await client.store.load('me');
    await assert.rejects(
      client.checkIn(),
      (e: ApiError) => isApiError(e) && e.status === 422 && e.code === 'check_in_unavailable',
    );
    assert.equal(client.store.get('me').data?.points.balance, 40);
    assert.equal(client.store.get('me').data?.checkIn, null);
  });

  test('a guest cannot check in', async () => {
    const client = createClient({ baseUrl: api.url, publishableKey: api.publishableKey });
    await assert.rejects(client.checkIn(), (e: ApiError) => isApiError(e) && e.status === 401);
  });

  test('a check-in updates balance and streak for every subscriber, and a second one that day earns nothing', async () => {
    await api.merchant('PATCH', '/v1/program', { checkIn: { points: 5, bonusDay: 7, bonusPoints: 50 } });
    const customerId = newMember();
    await api.givePoints(customerId, 100);
    const rec = recordingFetch();
    const client = await memberClient(customerId, rec.fetch);
    const { store } = client;
    for (const key of ['me', 'activity'] as const) store.subscribe(key, () => {});
    await Promise.all([store.load('me'), store.load('activity')]);
    assert.deepEqual(dayOf(store.get('me').data?.checkIn), { today: false, streak: 0 });

    const result = await client.checkIn();
    assert.equal(result.checkIn.streak, 1);
    assert.equal(result.checkIn.points, 5);
    assert.equal(result.points.balance, 105);
    assert.match(result.checkIn.date, /^\d{4}-\d{2}-\d{2}$/);
    // Patched from the response at once, before the re-fetch of `me` answers.
    assert.equal(store.get('me').data?.points.balance, 105);
    // The whole status the answer carries: the next bonus is 6 check-ins away (day 7), worth 55.
    assert.deepEqual(store.get('me').data?.checkIn, result.status);
    assert.deepEqual(dayOf(result.status), { today: true, streak: 1 });
    assert.equal(result.status?.nextBonus?.checkIns, 6);
    assert.equal(result.status?.nextBonus?.points, 55);

    const activity = await until(
      (l) => store.subscribe('activity', l),
      store.get('activity'),
      (r) => r.status === 'ready' && r.data?.items[0]?.type === 'check_in',
    );
    assert.equal(activity.data?.items[0]?.points, 5);
    const me = await until(
      (l) => store.subscribe('me', l),
      store.get('me'),
      (r) => r.status === 'ready',
    );
    assert.deepEqual(me.data?.checkIn, result.status);
    assert.equal(me.data?.points.balance, 105);

    const again = await client.checkIn();
    assert.deepEqual(again.checkIn, result.checkIn);
    assert.equal(again.points.balance, 105);
    assert.equal(await api.balanceOf(customerId), 105);
    assert.equal(rec.count('POST', '/v1/me/check-ins'), 2);
  });
});
