import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  backend,
  closeChecked,
  DEFAULT_PROGRAM,
  memberView,
  startTestApi,
  type TestApi,
  type TestClock,
  testClock,
} from './harness.js';

const ACTIONS = [
  {
    type: 'review_written',
    points: 50,
    perDay: 2,
    lifetime: 5,
    label: 'Write a product review',
    translations: { 'zh-CN': '写商品评价' },
  },
  { type: 'account_followed', points: 30, lifetime: 1, label: 'Follow our account' },
  { type: 'wechat_shared', points: 10, perDay: 3, label: 'Share on WeChat' },
];

interface ActionAnswer {
  action: { type: string; id: string; status: 'credited' | 'capped'; points: number; cap: string | null; date: string };
  points: { balance: number };
}

const report = async (api: TestApi, customerId: string, type: string, id: string) => {
  const res = await api.merchant(`/v1/members/${customerId}/actions`, { method: 'POST', json: { type, id } });
  return { status: res.status, replayed: res.headers.get('Idempotent-Replayed'), body: await res.json() };
};
const balance = async (api: TestApi, customerId: string) =>
  (await memberView<{ points: { balance: number } }>(api, customerId)).points.balance;
const ledgerOf = async (api: TestApi, customerId: string) =>
  api.db.query<{ points: number; description: string }>(
    `SELECT l.points, l.description FROM ledger_entries l JOIN members m ON m.id = l.member_id
     WHERE m.customer_id = $1 AND l.type = 'action' ORDER BY l.id`,
    [customerId],
  );

describe(`earning by actions (${backend})`, () => {
  let api: TestApi;
  let clock: TestClock;
  before(async () => {
    clock = testClock('2026-03-01T04:00:00Z'); // 12:00 in Shanghai
    api = await startTestApi({ ...DEFAULT_PROGRAM, timeZone: 'Asia/Shanghai', actions: ACTIONS }, { clock });
  });
  after(() => closeChecked(api));

  it('GET /v1/program lists the ways to earn by actions, labels in the language asked for', async () => {
    const program = await (await api.browser('/v1/program')).json();
    assert.deepEqual(program.actions[0], {
      type: 'review_written',
      label: 'Write a product review',
      points: 50,
      perDay: 2,
      lifetime: 5,
      translations: { 'zh-CN': '写商品评价' },
    });
    assert.deepEqual(
      program.actions.map((a: { type: string; perDay: number | null; lifetime: number | null }) => [
        a.type,
        a.perDay,
        a.lifetime,
      ]),
      [
        ['review_written', 2, 5],
        ['account_followed', null, 1],
        ['wechat_shared', 3, null],
      ],
    );
    const zh = await (await api.browser('/v1/program?locale=zh-CN')).json();
    assert.equal(zh.actions[0].label, '写商品评价');
    assert.equal(zh.actions[1].label, 'Follow our account');
  });

  it('a reported action credits its points through the ledger (201), with the label as the entry', async () => {
    const first = await report(api, 'writer', 'review_written', 'r-1');
    assert.equal(first.status, 201, JSON.stringify(first.body));
    assert.deepEqual((first.body as ActionAnswer).action, {
      type: 'review_written',
      id: 'r-1',
      status: 'credited',
      points: 50,
      cap: null,
      date: '2026-03-01',
      createdAt: '2026-03-01T04:00:00.000Z',
    });
    assert.equal((first.body as ActionAnswer).points.balance, 50);
    assert.equal(await balance(api, 'writer'), 50);
    assert.deepEqual(await ledgerOf(api, 'writer'), [{ points: 50, description: 'Write a product review' }]);
  });

  it('a replay of (type, id) answers the same with 200 and credits nothing more', async () => {
    const again = await report(api, 'writer', 'review_written', 'r-1');
    assert.equal(again.status, 200);
    assert.equal(again.replayed, 'true');
    assert.equal((again.body as ActionAnswer).action.status, 'credited');
    assert.equal((again.body as ActionAnswer).action.points, 50);
    assert.equal((again.body as ActionAnswer).points.balance, 50);
    assert.equal((await ledgerOf(api, 'writer')).length, 1);
    // The same id for another member is someone else's action: a conflict, nothing credited.
    const stolen = await report(api, 'someone-else', 'review_written', 'r-1');
    assert.equal(stolen.status, 409);
    assert.equal(stolen.body.error.code, 'idempotency_conflict');
    // The same id under another type is another action.
    assert.equal((await report(api, 'writer', 'wechat_shared', 'r-1')).status, 201);
    assert.equal(await balance(api, 'writer'), 60);
  });

  it('over the daily cap: 200 capped, no points; the next local day counts again', async () => {
    assert.equal((await report(api, 'writer', 'review_written', 'r-2')).status, 201);
    const capped = await report(api, 'writer', 'review_written', 'r-3');
    assert.equal(capped.status, 200, JSON.stringify(capped.body));
    assert.equal(capped.replayed, null);
    assert.deepEqual(
      [capped.body.action.status, capped.body.action.points, capped.body.action.cap],
      ['capped', 0, 'day'],
    );
    assert.equal(await balance(api, 'writer'), 110);
    // A retry of the capped one stays capped, even on a day it would have counted.
    clock.set('2026-03-01T16:00:00Z'); // midnight in Shanghai: 2 March
    const retried = await report(api, 'writer', 'review_written', 'r-3');
    assert.deepEqual([retried.status, retried.body.action.status], [200, 'capped']);
    const nextDay = await report(api, 'writer', 'review_written', 'r-4');
    assert.deepEqual([nextDay.status, nextDay.body.action.date], [201, '2026-03-02']);
    assert.equal(await balance(api, 'writer'), 160);
  });

  it('the lifetime cap holds across days', async () => {
    assert.equal((await report(api, 'writer', 'review_written', 'r-5')).status, 201); // 4th
    clock.set('2026-03-03T04:00:00Z');
    assert.equal((await report(api, 'writer', 'review_written', 'r-6')).status, 201); // 5th
    const over = await report(api, 'writer', 'review_written', 'r-7');
    assert.deepEqual([over.status, over.body.action.cap], [200, 'lifetime']);
    clock.set('2026-03-04T04:00:00Z');
    assert.equal((await report(api, 'writer', 'review_written', 'r-8')).body.action.cap, 'lifetime');
    assert.equal((await ledgerOf(api, 'writer')).filter((e) => e.points === 50).length, 5);
    const follow = await report(api, 'writer', 'account_followed', 'wx-1');
    assert.equal(follow.status, 201);
    assert.equal((await report(api, 'writer', 'account_followed', 'wx-2')).body.action.cap, 'lifetime');
  });

  it('parallel reports of distinct ids against a daily cap: exactly the cap is credited, never more', async () => {
    clock.set('2026-03-05T04:00:00Z');
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) => report(api, 'racer', 'wechat_shared', `share-${i}`)),
    );
    assert.deepEqual(answers.map((a) => a.status).sort(), [...Array(9).fill(200), ...Array(3).fill(201)]);
    assert.equal(answers.filter((a) => a.body.action?.status === 'capped').length, 9);
    assert.equal(await balance(api, 'racer'), 30);
    assert.equal((await ledgerOf(api, 'racer')).length, 3);
  });

  it('parallel twins of one id credit once', async () => {
    const answers = await Promise.all(Array.from({ length: 6 }, () => report(api, 'twin', 'wechat_shared', 'same')));
    assert.deepEqual(answers.map((a) => a.status).sort(), [200, 200, 200, 200, 200, 201]);
    assert.equal(await balance(api, 'twin'), 10);
  });

  it('bad reports are 4xx envelopes: an unknown type 422, a malformed one 400', async () => {
    const unknown = await report(api, 'writer', 'photo_posted', 'p-1');
    assert.equal(unknown.status, 422);
    assert.equal(unknown.body.error.code, 'unknown_action');
    assert.deepEqual(unknown.body.error.details.types, ['review_written', 'account_followed', 'wechat_shared']);
    for (const body of [
      { type: 'Review Written', id: 'x' },
      { type: 'review_written' },
      { type: 'review_written', id: '' },
    ]) {
      const res = await api.merchant('/v1/members/writer/actions', { method: 'POST', json: body });
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.equal((await res.json()).error.code, 'invalid_request');
    }
  });

  it('GET /v1/me/actions shows each way with what it gives and what is done today and ever', async () => {
    clock.set('2026-03-04T05:00:00Z');
    const res = await api.browser('/v1/me/actions?locale=zh-CN', { token: await api.token('writer') });
    assert.equal(res.status, 200);
    const { items } = await res.json();
    assert.deepEqual(
      items.map((i: Record<string, unknown>) => [i.type, i.label, i.points, i.today, i.total, i.available]),
      [
        ['review_written', '写商品评价', 50, 0, 5, false],
        ['account_followed', 'Follow our account', 30, 1, 1, false],
        ['wechat_shared', 'Share on WeChat', 10, 0, 1, true],
      ],
    );
  });

  it('PATCH /v1/program replaces the action rules; a removed type earns nothing more', async () => {
    const res = await api.merchant('/v1/program', {
      method: 'PATCH',
      json: { actions: [{ type: 'survey_answered', points: 20, label: 'Answer a survey' }] },
    });
    assert.equal(res.status, 200, await res.clone().text());
    assert.deepEqual((await res.json()).actions, [
      { type: 'survey_answered', label: 'Answer a survey', points: 20, perDay: null, lifetime: null, translations: {} },
    ]);
    assert.equal((await report(api, 'writer', 'wechat_shared', 'later')).body.error.code, 'unknown_action');
    assert.equal((await report(api, 'writer', 'survey_answered', 's-1')).status, 201);
    const twice = await api.merchant('/v1/program', {
      method: 'PATCH',
      json: { actions: [ACTIONS[2], ACTIONS[2]] },
    });
    assert.equal(twice.status, 400);
  });
});
