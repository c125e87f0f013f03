import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { sweep } from '../src/member-state/sweep.js';
import {
  backend,
  balancesVersusLedger,
  closeChecked,
  createReward,
  DEFAULT_PROGRAM,
  order,
  startTestApi,
  type TestApi,
  type TestClock,
  testClock,
} from './harness.js';

const PROFILE_RULE = { type: 'profile_completed', points: 100, lifetime: 1, label: 'Complete your profile' };
const REVIEW_RULE = { type: 'review_written', points: 40, label: 'Write a review' };

const json = async (res: Response) => ({ status: res.status, body: await res.json() });

describe(`profile, consent and privacy rights (${backend})`, () => {
  let api: TestApi;
  let clock: TestClock;
  const patchProfile = async (customerId: string, body: unknown, token?: string) =>
    json(
      await api.browser('/v1/me/profile', {
        method: 'PATCH',
        token: token ?? (await api.token(customerId)),
        json: body,
      }),
    );
  const myConsent = async (customerId: string, channel: string, granted: boolean) =>
    json(
      await api.browser(`/v1/me/consents/${channel}`, {
        method: 'PUT',
        token: await api.token(customerId),
        json: { granted },
      }),
    );
  const stats = async () => {
    const res = await api.merchant('/v1/stats?from=2026-01-01&to=2026-12-31');
    assert.equal(res.status, 200, await res.clone().text());
    const { asOf: _asOf, ...rest } = await res.json();
    return rest;
  };

  before(async () => {
    clock = testClock('2026-04-10T04:00:00Z');
    api = await startTestApi(
      { ...DEFAULT_PROGRAM, birthdayPoints: 200, actions: [PROFILE_RULE, REVIEW_RULE] },
      { clock },
    );
  });
  after(() => closeChecked(api));

  it('a member sets name and birthday; completing the profile earns profile_completed once', async () => {
    const token = await api.token('ada');
    const start = await json(await api.browser('/v1/me/profile', { token }));
    assert.equal(start.status, 200);
    assert.deepEqual(
      [start.body.member.name, start.body.member.birthday, start.body.birthdayEditable],
      [null, null, true],
    );
    const named = await patchProfile('ada', { name: 'Ada Lovelace' }, token);
    assert.deepEqual([named.status, named.body.member.name, named.body.earned], [200, 'Ada Lovelace', 0]);
    const born = await patchProfile('ada', { birthday: '1990-08-17' }, token);
    assert.equal(born.status, 200, JSON.stringify(born.body));
    assert.deepEqual(
      [born.body.member.birthday, born.body.birthdayEditable, born.body.earned],
      ['1990-08-17', false, 100],
    );
    const me = await (await api.browser('/v1/me', { token })).json();
    assert.equal(me.points.balance, 100);
    // Clearing and setting the name again completes nothing twice.
    await patchProfile('ada', { name: null }, token);
    const again = await patchProfile('ada', { name: 'Ada' }, token);
    assert.equal(again.body.earned, 0);
    assert.equal((await (await api.browser('/v1/me', { token })).json()).points.balance, 100);
  });

  it('the birthday can be set once: a different one is 409 birthday_locked, the same one is fine', async () => {
    const moved = await patchProfile('ada', { birthday: '1990-04-01' });
    assert.equal(moved.status, 409);
    assert.equal(moved.body.error.code, 'birthday_locked');
    assert.equal((await patchProfile('ada', { birthday: '1990-08-17' })).status, 200);
    const profile = await (await api.browser('/v1/me/profile', { token: await api.token('ada') })).json();
    assert.equal(profile.member.birthday, '1990-08-17');
    // Racing first settings: exactly one birthday wins.
    const racing = await Promise.all(
      ['1991-01-01', '1992-02-02', '1993-03-03'].map((birthday) => patchProfile('racer', { birthday })),
    );
    assert.deepEqual(racing.map((r) => r.status).sort(), [200, 409, 409]);
    assert.equal((await patchProfile('racer', { birthday: 'tomorrow' })).status, 400);
    assert.equal((await patchProfile('racer', { email: 'x@example.com' })).status, 400);
  });

  it('consent per channel is recorded with when and how, in an append-only history', async () => {
    const granted = await myConsent('ada', 'email', true);
    assert.equal(granted.status, 200);
    assert.deepEqual(granted.body.consents, {
      email: { granted: true, source: 'widget', at: '2026-04-10T04:00:00.000Z' },
      sms: null,
      wechat: null,
    });
    await myConsent('ada', 'email', true); // no change: no new history entry
    clock.set('2026-04-11T04:00:00Z');
    const merchant = await json(
      await api.merchant('/v1/members/ada/consents/sms', { method: 'PUT', json: { granted: true } }),
    );
    assert.deepEqual(merchant.body.consents.sms, {
      granted: true,
      source: 'merchant_api',
      at: '2026-04-11T04:00:00.000Z',
    });
    await myConsent('ada', 'email', false);
    const history = await api.db.query<{ channel: string; granted: boolean; source: string }>(
      `SELECT channel, granted, source FROM consent_events e JOIN members m ON m.id = e.member_id
       WHERE m.customer_id = 'ada' ORDER BY e.id`,
    );
    assert.deepEqual(
      history.map((h) => [h.channel, h.granted, h.source]),
      [
        ['email', true, 'widget'],
        ['sms', true, 'merchant_api'],
        ['email', false, 'widget'],
      ],
    );
    await assert.rejects(api.db.query('UPDATE consent_events SET granted = true'), /append-only/);
    await assert.rejects(api.db.query('DELETE FROM consent_events'), /append-only/);
    // The merchant's member read carries the consents, so only members who agreed are messaged.
    const read = await (await api.merchant('/v1/members/ada')).json();
    assert.deepEqual(
      [read.consents.email.granted, read.consents.sms.granted, read.consents.wechat],
      [false, true, null],
    );
    assert.equal((await myConsent('ada', 'fax', true)).status, 400);
    assert.equal(
      (await api.merchant('/v1/members/ada/consents/sms', { method: 'PUT', json: { granted: 'yes' } })).status,
      400,
    );
  });

  it('a consent change is announced by the consent.changed webhook', async () => {
    const hook = await api.merchant('/v1/webhooks', {
      method: 'POST',
      json: { url: 'http://127.0.0.1:9/hook', events: ['consent.changed'] },
    });
    assert.equal(hook.status, 201, await hook.clone().text());
    await myConsent('ada', 'wechat', true);
    const [event] = await api.db.query<{ data: Record<string, unknown> }>(
      `SELECT data FROM webhook_outbox WHERE type = 'consent.changed' ORDER BY id DESC LIMIT 1`,
    );
    assert.deepEqual(event!.data, {
      customerId: 'ada',
      channel: 'wechat',
      granted: true,
      source: 'widget',
      at: '2026-04-11T04:00:00.000Z',
    });
  });

  it('the export holds everything about the member, as JSON', async () => {
    await order(api, 'ada', 'ada-order-1', 300);
    const review = await api.merchant('/v1/members/ada/actions', {
      method: 'POST',
      json: { type: 'review_written', id: 'rev-1' },
    });
    assert.equal(review.status, 201);
    const reward = await createReward(api, { name: 'Mug', cost: 150 });
    const redeem = await api.browser('/v1/me/redemptions', {
      method: 'POST',
      token: await api.token('ada'),
      headers: { 'Idempotency-Key': randomUUID() },
      json: { rewardId: reward.id },
    });
    assert.equal(redeem.status, 201, await redeem.clone().text());
    const res = await api.merchant('/v1/members/ada/export');
    assert.equal(res.status, 200);
    const data = await res.json();
    assert.equal(data.member.customerId, 'ada');
    assert.equal(data.member.name, 'Ada');
    assert.equal(data.member.birthday, '1990-08-17');
    assert.equal(data.member.balance, 100 + 300 + 40 - 150);
    assert.deepEqual(
      data.ledger.map((e: { type: string; points: number }) => [e.type, e.points]),
      [
        ['action', 100],
        ['order', 300],
        ['action', 40],
        ['redemption', -150],
      ],
    );
    assert.equal(data.orders[0].orderId, 'ada-order-1');
    assert.equal(data.redemptions.length, 1);
    assert.deepEqual(
      data.actions.map((a: { type: string; actionId: string }) => [a.type, a.actionId]).sort(),
      [
        ['profile_completed', data.actions.find((a: { type: string }) => a.type === 'profile_completed').actionId],
        ['review_written', 'rev-1'],
      ].sort(),
    );
    assert.equal(data.consentHistory.length, 4);
    assert.equal(data.consents.sms.granted, true);
    assert.equal((await api.merchant('/v1/members/nobody/export')).status, 404);
  });

  it('erasure: personal data gone, pseudonymised; balances, ledger and statistics unchanged; tokens 401', async () => {
    const token = await api.token('ada');
    assert.equal((await api.browser('/v1/me', { token })).status, 200);
    const [{ id: memberId }] = (await api.db.query<{ id: string }>(
      `SELECT id FROM members WHERE customer_id = 'ada'`,
    )) as [{ id: string }];
    // An operator's audit entry about the member, as the console writes one.
    await api.db.query(
      `INSERT INTO audit_log (program_id, operator_email, action, target, after) VALUES ($1, 'op@shop.test', 'points.adjusted', 'member:ada', '{"customerId":"ada"}')`,
      [api.program.id],
    );
    const before = await stats();
    const ledgerBefore = await api.db.query(
      'SELECT points, balance_after FROM ledger_entries WHERE member_id = $1 ORDER BY id',
      [memberId],
    );
    clock.set('2026-04-12T04:00:00Z');
    const erased = await json(await api.merchant('/v1/members/ada', { method: 'DELETE' }));
    assert.deepEqual(erased, { status: 200, body: { erased: true, erasedAt: '2026-04-12T04:00:00.000Z' } });

    const [row] = await api.db.query<Record<string, unknown>>(
      'SELECT customer_id, name, email, birthday, balance, erased_at FROM members WHERE id = $1',
      [memberId],
    );
    assert.match(row!.customer_id as string, /^erased-[0-9a-f-]{36}$/);
    assert.deepEqual([row!.name, row!.email, row!.birthday, Number(row!.balance)], [null, null, null, 290]);
    assert.deepEqual(
      await api.db.query('SELECT points, balance_after FROM ledger_entries WHERE member_id = $1 ORDER BY id', [
        memberId,
      ]),
      ledgerBefore,
    );
    const sums = await balancesVersusLedger(api.db);
    assert.ok(sums.length > 0);
    for (const m of sums) assert.equal(Number(m.balance), Number(m.ledger), m.customer_id);
    assert.deepEqual(await stats(), before);
    // No stored JSON names the customer any more; consents were withdrawn by the erasure.
    for (const sql of [
      'SELECT count(*)::int AS n FROM webhook_outbox WHERE strpos(data::text, \'"ada"\') > 0',
      'SELECT count(*)::int AS n FROM idempotency_keys WHERE strpos(response::text, \'"ada"\') > 0',
      `SELECT count(*)::int AS n FROM audit_log WHERE target = 'member:ada' OR strpos(after::text, '"ada"') > 0`,
      `SELECT count(*)::int AS n FROM members WHERE customer_id = 'ada'`,
    ]) {
      assert.equal((await api.db.query<{ n: number }>(sql))[0]!.n, 0, sql);
    }
    await assert.rejects(api.db.query(`UPDATE audit_log SET reason = 'x'`), /append-only/);
    const consents = await api.db.query<{ channel: string; source: string }>(
      `SELECT channel, source FROM consent_events WHERE member_id = $1 AND source = 'erasure' ORDER BY channel`,
      [memberId],
    );
    assert.deepEqual(
      consents.map((c) => c.channel),
      ['sms', 'wechat'],
    );

    // The token issued before the erasure no longer works, on every member route.
    for (const path of ['/v1/me', '/v1/me/profile', '/v1/me/actions']) {
      const res = await api.browser(path, { token });
      assert.equal(res.status, 401, path);
      assert.equal((await res.json()).error.code, 'unauthenticated');
    }
    assert.equal((await api.merchant('/v1/members/ada')).status, 404);
  });

  it('erasure is idempotent; an unknown member is 404; a later token enrols anew', async () => {
    const again = await json(await api.merchant('/v1/members/ada', { method: 'DELETE' }));
    assert.deepEqual(again, { status: 200, body: { erased: true, erasedAt: '2026-04-12T04:00:00.000Z' } });
    assert.equal((await api.merchant('/v1/members/nobody', { method: 'DELETE' })).status, 404);
    const twins = await Promise.all([1, 2, 3].map(() => api.merchant('/v1/members/racer', { method: 'DELETE' })));
    assert.deepEqual(
      twins.map((t) => t.status),
      [200, 200, 200],
    );
    assert.equal(
      (
        await api.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM members WHERE customer_id LIKE 'erased-%'`)
      )[0]!.n,
      2,
    );
    clock.set('2026-04-13T04:00:00Z');
    // A token signed after the erasure is a new sign-up: a fresh member with nothing of the old one.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const fresh = await api.browser('/v1/me', { token: await api.token('ada') });
    assert.equal(fresh.status, 200);
    assert.equal((await fresh.json()).points.balance, 0);
  });

  it('the sweep deletes retry keys after 30 days and keeps business ids (orders)', async () => {
    const keys = async () =>
      (
        await api.db.query<{ scope: string }>(
          `SELECT DISTINCT CASE WHEN scope LIKE 'member:%' THEN 'member' ELSE scope END AS scope FROM idempotency_keys
           WHERE program_id = $1 ORDER BY 1`,
          [api.program.id],
        )
      ).map((k) => k.scope);
    assert.deepEqual(await keys(), ['member', 'order']);
    await sweep(api.db, new Date(Date.now() + 29 * 86_400_000));
    assert.deepEqual(await keys(), ['member', 'order']);
    await sweep(api.db, new Date(Date.now() + 31 * 86_400_000));
    assert.deepEqual(await keys(), ['order']);
  });

  it('the sweep forgets failed console sign-ins after a day', async () => {
    const failed = new Date(Date.now() - 25 * 3_600_000);
    await api.db.query(
      `INSERT INTO login_throttle (id, failures, locked_until, last_failed_at) VALUES
         ('ip:198.51.100.7', 3, $1, $1), ('ip:198.51.100.8', 1, now(), now())`,
      [failed],
    );
    await sweep(api.db, new Date());
    const left = await api.db.query<{ id: string }>(`SELECT id FROM login_throttle WHERE id LIKE 'ip:198.51.100.%'`);
    assert.deepEqual(
      left.map((r) => r.id),
      ['ip:198.51.100.8'],
    );
  });
});
