import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { getProfile, listMyActions, setConsent, updateProfile } from '../src/engagement.js';
import { type ApiError, isApiError } from '../src/index.js';
import { startApi, until } from './helpers.js';

let api: Awaited<ReturnType<typeof startApi>>;
before(async () => {
  api = await startApi({
    actions: [
      { type: 'profile_completed', points: 100, lifetime: 1, label: 'Complete your profile' },
      { type: 'review_written', points: 50, perDay: 2, label: 'Write a review', translations: { 'zh-CN': '写评价' } },
    ],
  });
});
after(async () => {
  await api.close();
});

describe('profile, consent and ways to earn (helpers over a client)', () => {
  test('listMyActions() answers the ways to earn with what the member has done', async () => {
    const client = await api.memberClient('acting-1');
    const { items } = await listMyActions(client);
    assert.deepEqual(
      items.map((i) => [i.type, i.points, i.perDay, i.today, i.total, i.available]),
      [
        ['profile_completed', 100, null, 0, 0, true],
        ['review_written', 50, 2, 0, 0, true],
      ],
    );
  });

  test('updateProfile() sets the birthday once; completing the profile earns points and me reloads', async () => {
    const client = await api.memberClient('profile-1');
    const { store } = client;
    store.subscribe('me', () => {});
    await store.load('me');
    assert.equal((await getProfile(client)).birthdayEditable, true);
    await updateProfile(client, { name: 'Li Lei' });
    const done = await updateProfile(client, { birthday: '1990-05-17' });
    assert.deepEqual([done.member.birthday, done.birthdayEditable, done.earned], ['1990-05-17', false, 100]);
    const me = await until(
      (l) => store.subscribe('me', l),
      store.get('me'),
      (r) => r.data?.points.balance === 100,
    );
    assert.equal(me.data?.member.name, 'Li Lei');
    await assert.rejects(
      updateProfile(client, { birthday: '1991-01-01' }),
      (e: ApiError) => isApiError(e) && e.status === 409 && e.code === 'birthday_locked',
    );
  });

  test('setConsent() records the channel from the widget', async () => {
    const client = await api.memberClient('consent-1');
    const { consents } = await setConsent(client, 'wechat', true);
    assert.equal(consents.wechat?.granted, true);
    assert.equal(consents.wechat?.source, 'widget');
    assert.equal(consents.email, null);
  });
});
