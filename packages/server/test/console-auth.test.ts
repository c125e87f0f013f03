import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type ConsoleRouteDef, consoleRoutes, ErrorEnvelope } from '@member-center/contract';
import fc from 'fast-check';
import { addOperator } from '../src/operators/operators.js';
import { signMemberToken } from '../src/tokens.js';
import { backend, earn, startTestApi, type TestApi, type TestClock, testClock } from './harness.js';

const PASSWORD = 'correct horse battery';

describe(`the console's operators, sessions, roles, audit log and key rotation (${backend})`, () => {
  let api: TestApi;
  let clock: TestClock;
  let origin: string;
  before(async () => {
    clock = testClock('2026-03-01T09:00:00Z');
    api = await startTestApi(undefined, { clock });
    origin = new URL(api.url).origin;
    for (const [email, role] of [
      ['owner@shop.test', 'owner'],
      ['staff@shop.test', 'staff'],
      ['viewer@shop.test', 'viewer'],
    ] as const)
      await addOperator(api.db, { programId: api.program.id, email, role, password: PASSWORD }, clock());
    await earn(api, 'c-1', 300);
  });
  after(() => api.close());

  /** A request as the console page sends it: same origin, the session cookie. */
  const call = (
    path: string,
    {
      cookie,
      json,
      method = json === undefined ? 'GET' : 'POST',
      headers = {},
    }: {
      cookie?: string;
      json?: unknown;
      method?: string;
      headers?: Record<string, string>;
    } = {},
  ) =>
    fetch(api.url + path, {
      method,
      headers: {
        ...(method !== 'GET' && { Origin: origin }),
        ...(json !== undefined && { 'Content-Type': 'application/json' }),
        ...(cookie && { Cookie: cookie }),
        ...headers,
      },
      ...(json !== undefined && { body: JSON.stringify(json) }),
    });
  const login = (email: string, password: string, headers: Record<string, string> = {}) =>
    call('/console/api/session', { json: { email, password }, headers });
  const cookieOf = (res: Response) => res.headers.get('set-cookie')!.split(';')[0]!;
  async function signIn(email: string) {
    const res = await login(email, PASSWORD);
    assert.equal(res.status, 201, await res.clone().text());
    return cookieOf(res);
  }
  const code = async (res: Response) => [res.status, ((await res.json()) as { error?: { code: string } }).error?.code];
  /** Clears the throttle: failures a day old are forgotten. */
  const nextDay = () => clock.advance(2);

  it('signs in with email and password: an HttpOnly, SameSite=Strict cookie; Secure with __Host- behind https', async () => {
    const res = await login('Owner@Shop.test', PASSWORD);
    assert.equal(res.status, 201);
    const body = await res.json();
    assert.equal(body.operator.email, 'owner@shop.test');
    assert.equal(body.operator.role, 'owner');
    assert.equal(body.program.name, api.program.name);
    const cookie = res.headers.get('set-cookie')!;
    assert.match(cookie, /^mc_session=[\w-]{40,};/);
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Strict/);
    assert.match(cookie, /Path=\//);
    assert.doesNotMatch(cookie, /Secure/);
    const me = await call('/console/api/session', { cookie: cookieOf(res) });
    assert.equal(me.status, 200);
    assert.equal((await me.json()).operator.email, 'owner@shop.test');

    const https = await login('owner@shop.test', PASSWORD, {
      'X-Forwarded-Proto': 'https',
      Origin: `https://${new URL(api.url).host}`,
    });
    assert.equal(https.status, 201);
    assert.match(https.headers.get('set-cookie')!, /^__Host-mc_session=.*Secure/);
  });

  it('refuses a wrong password and an unknown email alike, and a request without a session', async () => {
    nextDay();
    const wrong = await login('owner@shop.test', 'not the password');
    const unknown = await login('nobody@shop.test', PASSWORD);
    assert.deepEqual(await code(wrong), [401, 'unauthenticated']);
    assert.deepEqual(await code(unknown), [401, 'unauthenticated']);
    assert.deepEqual(await code(await call('/console/api/session')), [401, 'unauthenticated']);
    assert.deepEqual(await code(await call('/console/api/session', { cookie: 'mc_session=forged' })), [
      401,
      'unauthenticated',
    ]);
  });

  it('locks an account out after 5 failures, for twice as long each time, never longer than 15 minutes', async () => {
    nextDay();
    for (let i = 0; i < 6; i++) assert.equal((await login('staff@shop.test', 'wrong password')).status, 401);
    // Locked: even the right password waits, and is told how long.
    const locked = await login('staff@shop.test', PASSWORD);
    assert.deepEqual(await code(locked.clone()), [429, 'rate_limited']);
    assert.equal(locked.headers.get('Retry-After'), '1');
    // Twenty more failures, each after the lock ran out: the lock grows, then stops at the cap.
    let longest = 0;
    for (let i = 0; i < 20; i++) {
      clock.set(new Date(clock().getTime() + 16 * 60_000).toISOString());
      assert.equal((await login('staff@shop.test', 'wrong password')).status, 401);
      const wait = Number((await login('staff@shop.test', PASSWORD)).headers.get('Retry-After'));
      assert.ok(wait >= longest, 'the lock never shrinks while failures go on');
      longest = wait;
    }
    assert.equal(longest, 15 * 60, 'capped at 15 minutes');
    // Once it runs out the owner of the account is back in.
    clock.set(new Date(clock().getTime() + 15 * 60_000 + 1000).toISOString());
    assert.equal((await login('staff@shop.test', PASSWORD)).status, 201);
  });

  it('throttles an address that tries many accounts', async () => {
    nextDay();
    for (let i = 0; i < 21; i++) assert.equal((await login(`guess-${i}@shop.test`, 'wrong password')).status, 401);
    assert.deepEqual(await code(await login('viewer@shop.test', PASSWORD)), [429, 'rate_limited']);
    nextDay();
    assert.equal((await login('viewer@shop.test', PASSWORD)).status, 201);
  });

  it('ends a session after 30 idle minutes and 12 hours after sign-in, however busy', async () => {
    nextDay();
    const idle = await signIn('viewer@shop.test');
    clock.set(new Date(clock().getTime() + 29 * 60_000).toISOString());
    assert.equal(
      (await call('/console/api/session', { cookie: idle })).status,
      200,
      'a request restarts the idle clock',
    );
    clock.set(new Date(clock().getTime() + 29 * 60_000).toISOString());
    assert.equal((await call('/console/api/session', { cookie: idle })).status, 200);
    clock.set(new Date(clock().getTime() + 31 * 60_000).toISOString());
    assert.equal((await call('/console/api/session', { cookie: idle })).status, 401, 'idle for 31 minutes');

    const busy = await signIn('viewer@shop.test');
    for (let minutes = 0; minutes < 12 * 60 - 20; minutes += 20) {
      clock.set(new Date(clock().getTime() + 20 * 60_000).toISOString());
      assert.equal((await call('/v1/segments', { cookie: busy })).status, 200);
    }
    clock.set(new Date(clock().getTime() + 20 * 60_000).toISOString());
    assert.equal((await call('/v1/segments', { cookie: busy })).status, 401, '12 hours after sign-in');
  });

  it('logout ends the session; sign out everywhere ends all of them', async () => {
    const one = await signIn('owner@shop.test');
    const two = await signIn('owner@shop.test');
    const three = await signIn('owner@shop.test');
    const out = await call('/console/api/session', { cookie: one, method: 'DELETE' });
    assert.equal(out.status, 200);
    assert.match(out.headers.get('set-cookie')!, /Max-Age=0/);
    assert.equal((await call('/console/api/session', { cookie: one })).status, 401);
    assert.equal((await call('/console/api/session', { cookie: two })).status, 200);
    const everywhere = await call('/console/api/sessions', { cookie: two, method: 'DELETE' });
    assert.deepEqual(await everywhere.json(), { signedOut: 2 });
    assert.equal((await call('/console/api/session', { cookie: two })).status, 401);
    assert.equal((await call('/console/api/session', { cookie: three })).status, 401);
  });

  it('refuses writes from another origin, without an Origin, or marked cross-site (CSRF)', async () => {
    const cookie = await signIn('owner@shop.test');
    const adjust = (headers: Record<string, string>) =>
      fetch(`${api.url}/v1/members/c-1/adjustments`, {
        method: 'POST',
        headers: {
          Cookie: cookie,
          'Content-Type': 'application/json',
          'Idempotency-Key': crypto.randomUUID(),
          ...headers,
        },
        body: JSON.stringify({ points: 5, reason: 'csrf test' }),
      });
    assert.deepEqual(await code(await adjust({ Origin: 'http://evil.test' })), [403, 'forbidden']);
    assert.deepEqual(await code(await adjust({})), [403, 'forbidden']);
    assert.deepEqual(await code(await adjust({ Origin: origin, 'Sec-Fetch-Site': 'cross-site' })), [403, 'forbidden']);
    assert.deepEqual(
      await code(
        await call('/console/api/sessions', { cookie, method: 'DELETE', headers: { Origin: 'http://evil.test' } }),
      ),
      [403, 'forbidden'],
    );
    assert.equal((await adjust({ Origin: origin })).status, 201);
    // The page itself carries the strict policy.
    const page = await fetch(`${api.url}/console`);
    assert.match(
      page.headers.get('Content-Security-Policy')!,
      /default-src 'self'; script-src 'self'; style-src 'self'/,
    );
  });

  it('enforces roles on every route: viewer reads, staff adjusts and manages rewards, owner the rest', async () => {
    const viewer = await signIn('viewer@shop.test');
    const staff = await signIn('staff@shop.test');
    const owner = await signIn('owner@shop.test');
    const adjust = (cookie: string) =>
      call('/v1/members/c-1/adjustments', {
        cookie,
        json: { points: 10, reason: 'goodwill' },
        headers: { 'Idempotency-Key': crypto.randomUUID() },
      });
    const reward = (cookie: string) => call('/v1/rewards', { cookie, json: { name: 'Mug', cost: 100 } });
    const rules = (cookie: string) => call('/v1/program', { cookie, method: 'PATCH', json: { returnWindowDays: 3 } });
    const hook = (cookie: string) =>
      call('/v1/webhooks', { cookie, json: { url: 'https://hooks.shop.test/mc', events: ['tier.changed'] } });

    assert.equal((await call('/v1/members', { cookie: viewer })).status, 200);
    assert.equal((await call('/v1/members/c-1', { cookie: viewer })).status, 200);
    assert.equal((await call('/console/api/audit', { cookie: viewer })).status, 200);
    for (const write of [adjust, reward, rules, hook])
      assert.deepEqual(await code(await write(viewer)), [403, 'forbidden']);
    assert.deepEqual(await code(await call('/console/api/keys', { cookie: viewer })), [403, 'forbidden']);

    assert.equal((await adjust(staff)).status, 201);
    assert.equal((await reward(staff)).status, 201);
    for (const write of [rules, hook]) assert.deepEqual(await code(await write(staff)), [403, 'forbidden']);
    assert.deepEqual(await code(await call('/console/api/operators', { cookie: staff })), [403, 'forbidden']);
    assert.deepEqual(
      await code(
        await call('/console/api/operators', { cookie: staff, json: { email: 'x@shop.test', role: 'owner' } }),
      ),
      [403, 'forbidden'],
    );

    for (const write of [adjust, reward, rules, hook]) assert.ok((await write(owner)).status < 300);
    assert.equal((await call('/console/api/operators', { cookie: owner })).status, 200);
    // The shop's backend's routes are not the console's, whatever the role.
    assert.deepEqual(
      await code(
        await call('/v1/members/c-1/orders', {
          cookie: owner,
          json: { orderId: 'o-console', total: { amount: 100, currency: 'CNY' } },
        }),
      ),
      [403, 'forbidden'],
    );
    // The secret key still works as before, and a session does not let a browser use it.
    assert.equal((await api.merchant('/v1/members')).status, 200);
    // The owner's rule and webhook changes are in the log; the webhook's signing secret is not.
    const rulesLog = (await (await call('/console/api/audit?action=program.updated', { cookie: owner })).json()).items;
    assert.equal(rulesLog[0].before.returnWindowDays, 0);
    assert.equal(rulesLog[0].after.returnWindowDays, 3);
    const hookLog = (await (await call('/console/api/audit?action=webhook.*', { cookie: owner })).json()).items;
    assert.equal(hookLog[0].after.url, 'https://hooks.shop.test/mc');
    assert.doesNotMatch(JSON.stringify(hookLog), /whsec_/);
    // Refused writes leave no entry.
    const byViewer = (await (await call('/console/api/audit?operator=viewer@shop.test', { cookie: owner })).json())
      .items;
    assert.deepEqual(byViewer, []);
  });

  it('writes an audit entry for every change, with who, before → after and the reason; append-only', async () => {
    const staff = await signIn('staff@shop.test');
    const balance = (await (await api.merchant('/v1/members/c-1')).json()).points.balance as number;
    const res = await call('/v1/members/c-1/adjustments', {
      cookie: staff,
      json: { points: -7, reason: 'damaged parcel, refund by hand' },
      headers: { 'Idempotency-Key': crypto.randomUUID() },
    });
    assert.equal(res.status, 201);
    const created = await (await call('/v1/rewards', { cookie: staff, json: { name: 'Tea', cost: 50 } })).json();
    const edited = await call(`/v1/rewards/${created.reward.id}`, {
      cookie: staff,
      method: 'PATCH',
      json: { cost: 60 },
      headers: { 'X-Audit-Reason': encodeURIComponent('春季价格') },
    });
    assert.equal(edited.status, 200);

    const owner = await signIn('owner@shop.test');
    const log = await (
      await call('/console/api/audit?action=points.*&operator=staff@shop.test', { cookie: owner })
    ).json();
    const entry = log.items[0];
    assert.equal(entry.action, 'points.adjusted');
    assert.equal(entry.operator.email, 'staff@shop.test');
    assert.equal(entry.target, 'member:c-1');
    assert.deepEqual(entry.before, { balance });
    assert.equal(entry.after.points.balance, balance - 7);
    assert.equal(entry.reason, 'damaged parcel, refund by hand');
    assert.ok(log.items.every((e: { action: string }) => e.action === 'points.adjusted'));

    const rewards = await (
      await call(`/console/api/audit?target=reward:${created.reward.id}`, { cookie: owner })
    ).json();
    assert.deepEqual(
      rewards.items.map((e: { action: string }) => e.action),
      ['reward.updated', 'reward.created'],
    );
    assert.equal(rewards.items[0].before.cost, 50);
    assert.equal(rewards.items[0].after.reward.cost, 60);
    assert.equal(rewards.items[0].reason, '春季价格');

    // Paged, newest first.
    const first = await (await call('/console/api/audit?limit=2', { cookie: owner })).json();
    assert.equal(first.items.length, 2);
    const next = await (await call(`/console/api/audit?limit=2&cursor=${first.nextCursor}`, { cookie: owner })).json();
    assert.ok(Number(next.items[0].id) < Number(first.items[1].id));
    assert.deepEqual(await code(await call('/console/api/audit?action=DROP TABLE', { cookie: owner })), [
      400,
      'invalid_request',
    ]);

    await assert.rejects(api.db.query("UPDATE audit_log SET reason = 'edited'"), /append-only/);
    await assert.rejects(api.db.query('DELETE FROM audit_log'), /append-only/);
  });

  it('rotates the secret key with an overlap: old key and tokens it signed keep working, then stop', async () => {
    const owner = await signIn('owner@shop.test');
    const old = api.program.secret_key;
    const oldToken = await signMemberToken(old, 'c-1');
    const res = await call('/console/api/keys/rotate', { cookie: owner, json: { kind: 'secret', overlapHours: 24 } });
    assert.equal(res.status, 201);
    const rotated = await res.json();
    assert.match(rotated.key, /^sk_/);
    assert.notEqual(rotated.key, old);
    const asKey = (key: string) => fetch(`${api.url}/v1/members`, { headers: { Authorization: `Bearer ${key}` } });
    assert.equal((await asKey(old)).status, 200, 'the old key works during the overlap');
    assert.equal((await asKey(rotated.key)).status, 200);
    const me = (token: string) =>
      fetch(`${api.url}/v1/me`, {
        headers: { 'X-Publishable-Key': api.program.publishable_key, Authorization: `Bearer ${token}` },
      });
    assert.equal((await me(oldToken)).status, 200, 'a member token signed with the old key, too');
    assert.equal((await me(await signMemberToken(rotated.key, 'c-1'))).status, 200);
    const keys = await (await call('/console/api/keys', { cookie: owner })).json();
    assert.equal(keys.secretKeyEnding, rotated.key.slice(-4));
    assert.deepEqual(
      keys.previous.map((p: { kind: string; ending: string }) => [p.kind, p.ending]),
      [['secret', old.slice(-4)]],
    );

    // A second rotation with no overlap: the first new key stops at once, the oldest too.
    const again = await (
      await call('/console/api/keys/rotate', { cookie: owner, json: { kind: 'secret', overlapHours: 0 } })
    ).json();
    await new Promise((r) => setTimeout(r, 5_100)); // the program cache's 5 s
    assert.equal((await asKey(rotated.key)).status, 401);
    assert.equal((await asKey(old)).status, 401);
    assert.equal((await me(oldToken)).status, 401);
    assert.equal((await asKey(again.key)).status, 200);

    const pub = await (await call('/console/api/keys/rotate', { cookie: owner, json: { kind: 'publishable' } })).json();
    assert.match(pub.key, /^pk_/);
    const program = (key: string) => fetch(`${api.url}/v1/program`, { headers: { 'X-Publishable-Key': key } });
    assert.equal((await program(api.program.publishable_key)).status, 200, 'the old publishable key in the overlap');
    assert.equal((await program(pub.key)).status, 200);
    const log = await (await call('/console/api/audit?action=keys.rotated', { cookie: owner })).json();
    assert.equal(log.items.length, 3);
    assert.ok(!JSON.stringify(log).includes(again.key), 'the log never holds a key');
  });

  it('owners add operators with a one-time login link and remove them, never the last owner', async () => {
    const owner = await signIn('owner@shop.test');
    const res = await call('/console/api/operators', {
      cookie: owner,
      json: { email: 'New@Shop.test', role: 'staff' },
    });
    assert.equal(res.status, 201);
    const added = await res.json();
    assert.equal(added.operator.active, false);
    const token = added.loginLink.split('/').at(-1);
    assert.deepEqual(await code(await login('new@shop.test', 'anything at all')), [401, 'unauthenticated']);
    const first = await call('/console/api/session/link', { json: { token, password: 'a long new password' } });
    assert.equal(first.status, 201);
    assert.equal((await first.json()).operator.role, 'staff');
    assert.deepEqual(
      await code(await call('/console/api/session/link', { json: { token, password: 'another password' } })),
      [401, 'unauthenticated'],
      'a link works once',
    );
    const theirs = await signIn('new@shop.test').catch(() => '');
    assert.equal(theirs, '', 'the password is the one they chose');
    assert.equal((await login('new@shop.test', 'a long new password')).status, 201);

    const list = (await (await call('/console/api/operators', { cookie: owner })).json()).items;
    const added2 = list.find((o: { email: string }) => o.email === 'new@shop.test');
    assert.equal((await call(`/console/api/operators/${added2.id}`, { cookie: owner, method: 'DELETE' })).status, 200);
    assert.deepEqual(await code(await login('new@shop.test', 'a long new password')), [401, 'unauthenticated']);
    const me = list.find((o: { email: string }) => o.email === 'owner@shop.test');
    assert.deepEqual(await code(await call(`/console/api/operators/${me.id}`, { cookie: owner, method: 'DELETE' })), [
      422,
      'forbidden',
    ]);
    const log = await (await call('/console/api/audit?action=operator.*', { cookie: owner })).json();
    assert.deepEqual(
      log.items.map((e: { action: string }) => e.action),
      ['operator.removed', 'operator.added'],
    );
  });

  it('the operator and key routes also take the secret key (the CLI through a running server), never from a browser', async () => {
    const [row] = await api.db.query<{ secret_key: string }>('SELECT secret_key FROM programs WHERE id = $1', [
      api.program.id,
    ]);
    const sk = row!.secret_key;
    const res = await fetch(`${api.url}/console/api/operators`, { headers: { Authorization: `Bearer ${sk}` } });
    assert.equal(res.status, 200);
    const fromBrowser = await fetch(`${api.url}/console/api/operators`, {
      headers: { Authorization: `Bearer ${sk}`, Origin: origin },
    });
    assert.deepEqual(await code(fromBrowser), [403, 'forbidden']);
    assert.deepEqual(
      await code(await fetch(`${api.url}/console/api/session`, { headers: { Authorization: `Bearer ${sk}` } })),
      [401, 'unauthenticated'],
    );
  });

  it('answers any body, query or path on the console routes with a 4xx envelope or a success, never a 5xx', async () => {
    nextDay();
    const owner = await signIn('owner@shop.test');
    const text = fc.string({ maxLength: 40 });
    for (const [name, def] of Object.entries(consoleRoutes) as [string, ConsoleRouteDef][]) {
      await fc.assert(
        fc.asyncProperty(
          fc.jsonValue({ maxDepth: 2 }),
          fc.dictionary(text, text, { maxKeys: 3 }),
          text,
          async (body, query, id) => {
            const path = def.path.replace('{id}', encodeURIComponent(id) || 'x');
            const search = new URLSearchParams(query).toString();
            // Sign-out routes would end the session the rest of the run uses: they get a fresh one.
            const cookie = def.method === 'DELETE' && !def.params ? await signIn('staff@shop.test') : owner;
            const res = await call(`${path}${search ? `?${search}` : ''}`, {
              cookie,
              method: def.method,
              ...(def.method !== 'GET' && { json: body }),
            });
            const answer = await res.json();
            assert.ok(res.status < 500, `${name} answered ${res.status}: ${JSON.stringify(answer)}`);
            if (res.status >= 400)
              assert.ok(ErrorEnvelope.safeParse(answer).success, `${name}: ${JSON.stringify(answer)}`);
          },
        ),
        { numRuns: def.method === 'DELETE' && !def.params ? 5 : 25 },
      );
    }
  });
});
