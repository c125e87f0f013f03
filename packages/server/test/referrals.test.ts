import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { ReferralAttribution, ReferralList } from '@member-center/contract';
import { sweepMembers } from '../src/member-state/sweep.js';
import {
  backend,
  closeChecked,
  DEFAULT_PROGRAM,
  ledgerOf,
  memberView,
  order,
  refunded,
  startTestApi,
  subscribe,
  type TestApi,
  type TestClock,
  testClock,
} from './harness.js';

interface Attribute {
  by: string;
  customerId: string;
  email?: string;
  ip?: string;
}
type Step =
  | { attribute: Attribute; expect: 'pending' | 'blocked' }
  | { order: { customerId: string; amount: number } }
  | { advanceMinutes: number };
interface FixtureCase {
  name: string;
  kind: 'fraud' | 'honest';
  members: Record<string, string | null>;
  before?: Step[];
  attribute: Attribute;
  reason?: string;
}
const fixture = JSON.parse(readFileSync(new URL('./fixtures/referral-fraud.json', import.meta.url), 'utf8')) as {
  rules: Record<string, number>;
  cases: FixtureCase[];
};

type MeView = { points: { balance: number; pendingTotal: number } };
const balanceOf = async (api: TestApi, customerId: string) =>
  (await memberView<MeView>(api, customerId)).points.balance;

describe(`referrals (${backend})`, () => {
  let api: TestApi;
  let clock: TestClock;
  let orders = 0;

  /** Enrols (or updates) a member with this email; returns their referral code. */
  async function enrol(customerId: string, email: string | null = null) {
    const res = await api.merchant(`/v1/members/${customerId}`, { method: 'PUT', json: { email } });
    assert.equal(res.status, 200, await res.clone().text());
    return ((await res.json()) as { referral: { code: string } }).referral.code;
  }
  async function codeOf(customerId: string) {
    const res = await api.merchant(`/v1/members/${customerId}`);
    assert.equal(res.status, 200, `no member ${customerId}`);
    return ((await res.json()) as { referral: { code: string } }).referral.code;
  }
  async function attribute(body: Record<string, unknown>) {
    const res = await api.merchant('/v1/referrals', { method: 'POST', json: body });
    return { status: res.status, body: await res.json() };
  }
  async function attributed(body: Record<string, unknown>) {
    const { status, body: answer } = await attribute(body);
    assert.equal(status, 201, JSON.stringify(answer));
    return (answer as { referral: ReferralAttribution }).referral;
  }
  const buy = (customerId: string, yuan: number) => order(api, customerId, `ref-order-${++orders}`, yuan);
  async function referrals(query = '') {
    const res = await api.merchant(`/v1/referrals${query}`);
    assert.equal(res.status, 200);
    return (await res.json()) as ReferralList;
  }
  const referralOf = async (refereeId: string) =>
    (await referrals('?limit=100')).items.find((r) => r.referee.customerId === refereeId && r.status !== 'blocked')!;
  async function stats(customerId: string) {
    const res = await api.browser('/v1/me/referral', { token: await api.token(customerId) });
    assert.equal(res.status, 200);
    return ((await res.json()) as { stats: { invited: number; rewarded: number; pointsEarned: number } }).stats;
  }

  before(async () => {
    clock = testClock('2026-03-02T08:00:00Z');
    api = await startTestApi(
      { ...DEFAULT_PROGRAM, returnWindowDays: 14, referrerPoints: 500, refereePoints: 300 },
      { clock },
    );
    const res = await api.merchant('/v1/program', { method: 'PATCH', json: { referral: { minOrderAmount: 10_000 } } });
    assert.equal(res.status, 200);
    await subscribe(api, ['referral.rewarded']);
  });
  after(() => closeChecked(api));

  it('PATCH /v1/program sets the referral rules; GET /v1/program shows the offer', async () => {
    const bad = await api.merchant('/v1/program', {
      method: 'PATCH',
      json: { referral: { referrerPoints: -1, minOrderAmount: 5 } },
    });
    assert.equal(bad.status, 400);
    assert.equal((await bad.json()).error.code, 'invalid_request');
    const program = await (await api.browser('/v1/program')).json();
    assert.deepEqual(program.referralOffer, {
      referrerPoints: 500,
      refereePoints: 300,
      description:
        'Give a friend 300 points and get 500 when their first order of CN¥100.00 or more is complete (after its 14-day return window)',
      minOrder: { amount: 10_000, currency: 'CNY' },
    });
    // Ways to earn name the same minimum as the offer: a guest reads both on one page.
    assert.deepEqual(
      program.waysToEarn.filter((w: { kind: string }) => w.kind === 'referral'),
      [
        {
          kind: 'referral',
          description: 'Invite a friend: 500 points when their first order of CN¥100.00 or more is complete',
          points: 500,
        },
      ],
    );
    // A page in Chinese gets the offer in Chinese, minimum and return window kept.
    const zh = await (await api.browser('/v1/program?locale=zh-CN')).json();
    assert.deepEqual(zh.referralOffer, {
      ...program.referralOffer,
      description: '好友首单满 ¥100.00 完成后（14 天退货期过后），好友得 300 积分，您得 500 积分',
    });

    const changed = await api.merchant('/v1/program', {
      method: 'PATCH',
      json: { referral: { referrerPoints: 0, refereePoints: 0 } },
    });
    assert.equal((await changed.json()).referralOffer, null, 'no points on either side: no offer shown');
    await api.merchant('/v1/program', {
      method: 'PATCH',
      json: { referral: { referrerPoints: 500, refereePoints: 300 } },
    });
  });

  it('the fraud fixture: every fraud pattern is blocked with its reason, no honest referral is blocked', async () => {
    const patched = await api.merchant('/v1/program', { method: 'PATCH', json: { referral: fixture.rules } });
    assert.equal(patched.status, 200);
    const tally = { fraud: 0, fraudBlocked: 0, honest: 0, honestBlocked: 0 };
    const misjudged: string[] = [];
    for (const [index, c] of fixture.cases.entries()) {
      const id = (name: string) => `fx${index}-${name}`;
      for (const [name, email] of Object.entries(c.members)) await enrol(id(name), email);
      const send = async (a: Attribute) =>
        attributed({
          code: (await codeOf(id(a.by))).toLowerCase(), // as a shopper might type it
          customerId: id(a.customerId),
          ...(a.email && { email: a.email }),
          ...(a.ip && { ip: a.ip }),
        });
      for (const step of c.before ?? []) {
        if ('attribute' in step) {
          const done = await send(step.attribute);
          assert.equal(done.status, step.expect, `${c.name}: a step came back ${done.status} (${done.reason})`);
        } else if ('order' in step) {
          await order(api, id(step.order.customerId), `${id('order')}-${++orders}`, step.order.amount / 100);
        } else {
          clock.set(new Date(clock().getTime() + step.advanceMinutes * 60_000).toISOString());
        }
      }
      const got = await send(c.attribute);
      const blocked = got.status === 'blocked';
      if (c.kind === 'fraud') {
        tally.fraud++;
        if (blocked && got.reason === c.reason) tally.fraudBlocked++;
        else misjudged.push(`${c.name}: ${got.status} (${got.reason}), expected blocked (${c.reason})`);
      } else {
        tally.honest++;
        if (blocked) {
          tally.honestBlocked++;
          misjudged.push(`${c.name}: blocked (${got.reason})`);
        } else assert.equal(got.status, 'pending');
      }
      clock.advance(1); // the next case starts outside every window but the week's
    }
    console.log(
      `referral fraud fixture (${backend}): ${tally.fraudBlocked}/${tally.fraud} fraud blocked with the expected reason, ` +
        `${tally.honestBlocked}/${tally.honest} honest blocked`,
    );
    assert.deepEqual(misjudged, []);
    assert.ok(tally.fraud >= 20 && tally.honest >= 15, 'the fixture covers enough cases');
    assert.equal(tally.fraudBlocked, tally.fraud);
    assert.equal(tally.honestBlocked, 0);
    // Back to the defaults for the rest of the suite.
    await api.merchant('/v1/program', { method: 'PATCH', json: { referral: { weeklyLimit: 10, ipLimit: 5 } } });
  });

  it('an attribution is idempotent: the same referee and code again answer the first one', async () => {
    const code = await enrol('idem-referrer', 'idem@example.com');
    const first = await attribute({ code, customerId: 'idem-friend', email: 'friend@example.com', ip: '192.0.2.200' });
    assert.equal(first.status, 201);
    assert.equal(first.body.referral.status, 'pending');
    assert.equal(first.body.referral.reason, null);
    const again = await attribute({ code: code.toLowerCase(), customerId: 'idem-friend' });
    assert.equal(again.status, 200, 'a retry is answered with 200');
    assert.deepEqual(again.body, first.body);

    const selfish = await attribute({ code, customerId: 'idem-alias', email: 'IDEM+2@example.com' });
    assert.equal(selfish.status, 201, 'a blocked attribution is recorded too');
    assert.deepEqual([selfish.body.referral.status, selfish.body.referral.reason], ['blocked', 'self_referral_email']);
    const retried = await attribute({ code, customerId: 'idem-alias', email: 'IDEM+2@example.com' });
    assert.equal(retried.status, 200);
    assert.deepEqual(retried.body, selfish.body, 'a retried blocked attribution stays the same one');

    const listed = await referrals('?limit=100');
    assert.equal(listed.items.filter((r) => r.referee.customerId === 'idem-friend').length, 1);
    assert.deepEqual(await stats('idem-referrer'), { invited: 1, rewarded: 0, pointsEarned: 0 });
  });

  it('bad input answers 4xx with the error envelope and records nothing', async () => {
    const before = (await referrals('?limit=100')).items.length;
    const unknown = await attribute({ code: 'NOSUCH23', customerId: 'ghost-friend' });
    assert.equal(unknown.status, 422);
    assert.equal(unknown.body.error.code, 'unknown_referral_code');
    const ghost = await api.merchant('/v1/members/ghost-friend');
    assert.equal(ghost.status, 404, 'the referee of an unknown code is not enrolled');
    const code = await enrol('input-referrer');
    for (const body of [
      { code, customerId: 'x', ip: '999.1.1.1' },
      { code, customerId: 'x', email: 'not-an-email' },
      { code: 'has space', customerId: 'x' },
      { code, customerId: 'x', extra: true },
      { customerId: 'x' },
    ]) {
      const res = await attribute(body);
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.equal(res.body.error.code, 'invalid_request');
    }
    assert.equal((await referrals('?limit=100')).items.length, before);
    const badFilter = await api.merchant('/v1/referrals?status=maybe');
    assert.equal(badFilter.status, 400);
  });

  it('rewards both sides only when the first order reached the minimum and its return window has passed', async () => {
    clock.set('2026-06-01T10:00:00Z');
    const code = await enrol('ann', 'ann@example.com');
    await attributed({ code, customerId: 'ben', email: 'ben@example.com' });
    const firstOrderId = `ref-order-${orders + 1}`;
    const first = await buy('ben', 150);
    assert.equal(first.pendingUntil, '2026-06-15T10:00:00.000Z');
    clock.set('2026-06-03T10:00:00Z');
    await buy('ben', 400); // a second order changes nothing about the referral

    clock.set('2026-06-15T09:59:00Z');
    assert.equal(await balanceOf(api, 'ann'), 0);
    assert.equal(await balanceOf(api, 'ben'), 0);
    assert.equal((await referralOf('ben')).status, 'pending');
    assert.deepEqual(await stats('ann'), { invited: 1, rewarded: 0, pointsEarned: 0 });

    clock.set('2026-06-15T10:00:00Z');
    // The referrer's own read rewards both sides: the referee need not come back.
    assert.deepEqual(await stats('ann'), { invited: 1, rewarded: 1, pointsEarned: 500 });
    assert.equal(await balanceOf(api, 'ann'), 500);
    assert.equal(await balanceOf(api, 'ben'), 150 + 300);
    const rewarded = await referralOf('ben');
    assert.equal(rewarded.status, 'rewarded');
    assert.equal(rewarded.orderId, firstOrderId);
    assert.deepEqual(rewarded.rewards, { referrerPoints: 500, refereePoints: 300 });
    assert.equal(rewarded.settledAt, '2026-06-15T10:00:00.000Z');
    const annLedger = await ledgerOf(api, 'ann');
    assert.deepEqual(
      annLedger.map((e) => [e.type, e.points]),
      [['referral', 500]],
    );
    const activity = await (await api.browser('/v1/me/activity', { token: await api.token('ben') })).json();
    assert.ok(activity.items.some((e: { type: string; points: number }) => e.type === 'referral' && e.points === 300));
    const [event] = await api.db.query<{ data: { referral: ReferralAttribution } }>(
      `SELECT data FROM webhook_outbox WHERE type = 'referral.rewarded' AND data::text LIKE '%"ben"%'`,
    );
    assert.equal(event?.data.referral.status, 'rewarded', 'referral.rewarded is in the outbox');

    clock.set('2026-06-17T10:00:00Z');
    assert.equal(await balanceOf(api, 'ben'), 150 + 300 + 400, 'the second order releases without another reward');
    assert.equal(await balanceOf(api, 'ann'), 500);
  });

  it('a first order under the minimum disqualifies the referral, even if later orders are bigger', async () => {
    clock.set('2026-07-01T10:00:00Z');
    const code = await enrol('cat');
    await attributed({ code, customerId: 'dan' });
    await buy('dan', 99);
    await buy('dan', 500);
    clock.set('2026-07-20T10:00:00Z');
    assert.equal(await balanceOf(api, 'dan'), 599);
    const judged = await referralOf('dan');
    assert.deepEqual([judged.status, judged.reason], ['disqualified', 'first_order_below_minimum']);
    assert.deepEqual(await stats('cat'), { invited: 1, rewarded: 0, pointsEarned: 0 });
    assert.equal(await balanceOf(api, 'cat'), 0);
  });

  it('a refund of the first order before its points are released means no reward; after release it keeps it', async () => {
    clock.set('2026-08-01T10:00:00Z');
    const code = await enrol('eve');
    await attributed({ code, customerId: 'fay' });
    await attributed({ code, customerId: 'gus' });
    await attributed({ code, customerId: 'hal' });
    await order(api, 'fay', 'fay-1', 200);
    await order(api, 'gus', 'gus-1', 200);
    await order(api, 'hal', 'hal-1', 200);
    clock.set('2026-08-05T10:00:00Z');
    await refunded(api, 'fay', 'fay-1', 'fay-1-r', 2000); // partly, inside the window
    await refunded(api, 'gus', 'gus-1', 'gus-1-r', 20000); // all of it, inside the window
    assert.deepEqual(
      [(await referralOf('fay')).reason, (await referralOf('gus')).reason],
      ['first_order_refunded', 'first_order_refunded'],
    );
    clock.set('2026-08-16T10:00:00Z');
    await refunded(api, 'hal', 'hal-1', 'hal-1-r', 20000); // after release: the reward stands, the points go back as usual
    assert.equal((await referralOf('hal')).status, 'rewarded');
    assert.equal((await referralOf('fay')).status, 'disqualified');
    assert.equal(await balanceOf(api, 'fay'), 180);
    assert.equal(await balanceOf(api, 'gus'), 0);
    assert.equal(await balanceOf(api, 'hal'), 300);
    assert.equal(await balanceOf(api, 'eve'), 500);
    assert.deepEqual(await stats('eve'), { invited: 3, rewarded: 1, pointsEarned: 500 });
  });

  it('the sweep and a lazy read give the same ledger', async () => {
    clock.set('2026-09-01T10:00:00Z');
    for (const side of ['lazy', 'swept']) {
      await attributed({ code: await enrol(`${side}-referrer`), customerId: `${side}-referee` });
      await order(api, `${side}-referee`, `${side}-1`, 120);
    }
    const due = new Date('2026-09-15T10:00:00Z');
    clock.set('2026-09-20T10:00:00Z');
    assert.equal(await balanceOf(api, 'lazy-referee'), 420, 'a read released the order and rewarded both sides');
    const swept = await sweepMembers(api.db, clock());
    assert.ok(swept.entries >= 3, 'the sweep released the order and rewarded both sides');
    const shape = async (customerId: string) =>
      (await ledgerOf(api, customerId)).map((e) => [e.type, e.points, e.balance_after]);
    assert.deepEqual(await shape('lazy-referee'), await shape('swept-referee'));
    assert.deepEqual(await shape('lazy-referrer'), await shape('swept-referrer'));
    assert.deepEqual(await shape('swept-referee'), [
      ['order', 120, 120],
      ['referral', 300, 420],
    ]);
    // Both rewards' lots age from when they became due, whichever path got there.
    const lots = await api.db.query<{ customer_id: string; earned_at: Date }>(
      `SELECT m.customer_id, l.earned_at FROM point_lots l JOIN members m ON m.id = l.member_id
       WHERE m.customer_id IN ('lazy-referrer', 'swept-referrer')`,
    );
    assert.deepEqual(
      lots.map((l) => l.earned_at.toISOString()),
      [due.toISOString(), due.toISOString()],
    );
  });

  it('without a return window both sides are rewarded with the first order', async () => {
    clock.set('2026-10-01T10:00:00Z');
    await api.merchant('/v1/program', { method: 'PATCH', json: { returnWindowDays: 0 } });
    try {
      await attributed({ code: await enrol('ivy'), customerId: 'jon' });
      const placed = await buy('jon', 100);
      assert.equal(placed.points.balance, 400, 'the order answer already counts the welcome reward');
      assert.equal(await balanceOf(api, 'ivy'), 500);
      assert.equal((await referralOf('jon')).status, 'rewarded');
    } finally {
      await api.merchant('/v1/program', { method: 'PATCH', json: { returnWindowDays: 14 } });
    }
  });

  it('two attributions of one referee at once make one attribution', async () => {
    clock.set('2026-11-01T10:00:00Z');
    const code = await enrol('kai');
    const other = await enrol('lou');
    const same = await Promise.all([0, 1, 2].map(() => attribute({ code, customerId: 'max' })));
    assert.deepEqual(same.map((r) => r.status).sort(), [200, 200, 201]);
    assert.equal(new Set(same.map((r) => r.body.referral.id)).size, 1);

    const rival = await Promise.all([
      attribute({ code, customerId: 'ned' }),
      attribute({ code: other, customerId: 'ned' }),
    ]);
    assert.deepEqual(
      rival.map((r) => r.status),
      [201, 201],
    );
    assert.deepEqual(
      rival.map((r) => r.body.referral.status).sort(),
      ['blocked', 'pending'],
      'the second code for the same referee is blocked',
    );
    assert.equal(
      rival.find((r) => r.body.referral.status === 'blocked')!.body.referral.reason,
      'referee_already_referred',
    );
    const [rows] = await api.db.query<{ n: number }>(
      `SELECT count(*)::integer AS n FROM referrals r JOIN members m ON m.id = r.referee_id
       WHERE m.customer_id IN ('max', 'ned') AND r.status <> 'blocked'`,
    );
    assert.equal(rows!.n, 2);
  });

  it('a burst of attributions at once cannot slip past the weekly cap', async () => {
    clock.set('2026-11-10T10:00:00Z');
    const code = await enrol('pia');
    const burst = await Promise.all(
      Array.from({ length: 14 }, (_, i) => attributed({ code, customerId: `pia-friend-${i}` })),
    );
    const statuses = burst.map((r) => r.status);
    assert.equal(statuses.filter((s) => s === 'pending').length, 10, 'the cap (10 a week) holds under concurrency');
    assert.ok(burst.filter((r) => r.status === 'blocked').every((r) => r.reason === 'referrer_weekly_limit'));
  });

  it('GET /v1/referrals pages newest first and filters by status', async () => {
    const blocked = await referrals('?status=blocked&limit=100');
    assert.ok(blocked.items.length > 0);
    assert.ok(blocked.items.every((r) => r.status === 'blocked' && r.reason !== null));
    const rewarded = await referrals('?status=rewarded&limit=100');
    assert.ok(rewarded.items.every((r) => r.status === 'rewarded' && r.reason === null));
    assert.ok(rewarded.items.some((r) => r.referee.customerId === 'ben'));

    const all = (await referrals('?limit=100')).items;
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const pageOf = await referrals(`?limit=7${cursor ? `&cursor=${cursor}` : ''}`);
      assert.ok(pageOf.items.length <= 7);
      seen.push(...pageOf.items.map((r) => r.id));
      cursor = pageOf.nextCursor;
    } while (cursor);
    assert.deepEqual(
      seen.slice(0, all.length),
      all.map((r) => r.id),
    );
    const times = all.map((r) => r.createdAt);
    assert.deepEqual([...times].sort().reverse(), times, 'newest first');
  });

  it('a new return window while referrals are pending: both members stay readable and are rewarded on time', async () => {
    clock.set('2027-03-01T10:00:00Z');
    const code = await enrol('wendy');
    await attributed({ code, customerId: 'wade' });
    const first = await buy('wade', 150);
    assert.equal(first.pendingUntil, '2027-03-15T10:00:00.000Z');
    const patched = await api.merchant('/v1/program', { method: 'PATCH', json: { returnWindowDays: 7 } });
    assert.equal(patched.status, 200);
    for (const who of ['wade', 'wendy']) {
      const res = await api.browser('/v1/me', { token: await api.token(who) });
      assert.equal(res.status, 200, await res.clone().text());
    }
    assert.deepEqual(await stats('wendy'), { invited: 1, rewarded: 0, pointsEarned: 0 }, 'the held order still waits');
    clock.set('2027-03-15T10:00:00Z');
    assert.deepEqual(await stats('wendy'), { invited: 1, rewarded: 1, pointsEarned: 500 });
    assert.equal((await api.merchant('/v1/program', { method: 'PATCH', json: { returnWindowDays: 14 } })).status, 200);
  });
});
