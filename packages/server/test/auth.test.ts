import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SignJWT, UnsecuredJWT } from 'jose';
import { createProgram } from '../src/commands/program.js';
import { signMemberToken } from '../src/tokens.js';
import { backend, startTestApi, type TestApi } from './harness.js';

const secret = (key: string) => new TextEncoder().encode(key);
const now = () => Math.floor(Date.now() / 1000);

async function errorOf(res: Response) {
  const body = await res.json();
  return { status: res.status, code: body.error?.code as string, message: body.error?.message as string };
}

describe(`keys, member tokens and CORS (${backend})`, () => {
  let api: TestApi;
  before(async () => {
    api = await startTestApi();
  });
  after(() => api.close());

  const me = (token: string, headers: Record<string, string> = {}) => api.browser('/v1/me', { token, headers });

  it('the first valid token enrols the member, with its profile claims', async () => {
    const token = await api.token('new-shopper', { name: 'Li Lei', email: 'li@example.com' });
    const res = await me(token);
    assert.equal(res.status, 200);
    const body = await res.json();
    assert.equal(body.member.customerId, 'new-shopper');
    assert.equal(body.member.name, 'Li Lei');
    assert.equal(body.points.balance, 0);
    assert.match(body.referral.code, /^[A-Z2-9]{8}$/);
  });

  it('a guest route works without a token; a member route needs one', async () => {
    assert.equal((await api.browser('/v1/program')).status, 200);
    assert.deepEqual(await errorOf(await api.browser('/v1/me')), {
      status: 401,
      code: 'unauthenticated',
      message: 'This route needs a member token: `Authorization: Bearer <token>`.',
    });
  });

  it('refuses tokens that are forged, expired, too long-lived or not yet valid', async () => {
    const key = api.program.secret_key;
    const cases: [string, string, string][] = [
      [
        'alg none',
        new UnsecuredJWT({}).setSubject('x').setIssuedAt().setExpirationTime('10m').encode(),
        'unauthenticated',
      ],
      ['wrong signature', await signMemberToken('sk_someone_else', 'x'), 'unauthenticated'],
      [
        'expired',
        await new SignJWT({})
          .setProtectedHeader({ alg: 'HS256' })
          .setSubject('x')
          .setIssuedAt(now() - 3600)
          .setExpirationTime(now() - 60)
          .sign(secret(key)),
        'token_expired',
      ],
      [
        'lives > 24 h',
        await new SignJWT({})
          .setProtectedHeader({ alg: 'HS256' })
          .setSubject('x')
          .setIssuedAt()
          .setExpirationTime(now() + 90_000)
          .sign(secret(key)),
        'unauthenticated',
      ],
      [
        'not yet valid',
        await new SignJWT({})
          .setProtectedHeader({ alg: 'HS256' })
          .setSubject('x')
          .setIssuedAt()
          .setNotBefore(now() + 600)
          .setExpirationTime(now() + 900)
          .sign(secret(key)),
        'unauthenticated',
      ],
      [
        'no exp',
        await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject('x').setIssuedAt().sign(secret(key)),
        'unauthenticated',
      ],
      [
        'no sub',
        await new SignJWT({})
          .setProtectedHeader({ alg: 'HS256' })
          .setIssuedAt()
          .setExpirationTime('10m')
          .sign(secret(key)),
        'unauthenticated',
      ],
      [
        'HS512',
        await new SignJWT({})
          .setProtectedHeader({ alg: 'HS512' })
          .setSubject('x')
          .setIssuedAt()
          .setExpirationTime('10m')
          .sign(secret(key)),
        'unauthenticated',
      ],
      ['bad sub', await signMemberToken(key, 'has spaces'), 'unauthenticated'],
      ['garbage', 'not.a.jwt', 'unauthenticated'],
    ];
    for (const [name, token, code] of cases) {
      const err = await errorOf(await me(token));
      assert.equal(err.status, 401, name);
      assert.equal(err.code, code, name);
      assert.ok(err.message.length > 10, `${name} says why`);
    }
    const [members] = (await api.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM members WHERE customer_id = 'x'",
    )) as [{ n: number }];
    assert.equal(members.n, 0, 'no refused token enrolled anyone');
  });

  it("refuses another program's token and key", async () => {
    const other = await createProgram(api.db, { name: 'Other shop' });
    const token = await signMemberToken(other.secret_key, 'cross');
    assert.equal((await me(token)).status, 401);
    const res = await fetch(`${api.url}/v1/me`, {
      headers: { 'X-Publishable-Key': other.publishable_key, Authorization: `Bearer ${await api.token('cross')}` },
    });
    assert.equal(res.status, 401);
  });

  it('refuses a missing or unknown publishable key and secret key', async () => {
    assert.equal((await errorOf(await fetch(`${api.url}/v1/program`))).code, 'unauthenticated');
    assert.equal((await fetch(`${api.url}/v1/program`, { headers: { 'X-Publishable-Key': 'pk_nope' } })).status, 401);
    assert.equal(
      (await fetch(`${api.url}/v1/rewards`, { method: 'POST', headers: { Authorization: 'Bearer sk_nope' } })).status,
      401,
    );
    const publishableAsSecret = await fetch(`${api.url}/v1/rewards`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${api.program.publishable_key}` },
    });
    assert.equal(publishableAsSecret.status, 401);
  });

  it('a secret key sent with an Origin (from a browser) is refused', async () => {
    const res = await api.merchant('/v1/rewards', {
      method: 'POST',
      headers: { Origin: 'http://shop.test' },
      json: { name: 'x', cost: 1 },
    });
    assert.deepEqual((await errorOf(res)).code, 'forbidden');
    const [rewards] = (await api.db.query<{ n: number }>('SELECT count(*)::int AS n FROM rewards')) as [{ n: number }];
    assert.equal(rewards.n, 0);
  });

  it('answers browsers only from the allowed origins', async () => {
    const allowed = await api.browser('/v1/program', { headers: { Origin: 'http://shop.test' } });
    assert.equal(allowed.status, 200);
    assert.equal(allowed.headers.get('Access-Control-Allow-Origin'), 'http://shop.test');
    const refused = await api.browser('/v1/program', { headers: { Origin: 'http://evil.test' } });
    assert.equal(refused.status, 403);
    assert.equal(refused.headers.get('Access-Control-Allow-Origin'), null);
  });

  it('answers a preflight for an origin some program allows, and only then', async () => {
    const preflight = (origin: string) =>
      fetch(`${api.url}/v1/me/redemptions`, {
        method: 'OPTIONS',
        headers: {
          Origin: origin,
          'Access-Control-Request-Method': 'POST',
          'Access-Control-Request-Headers': 'idempotency-key',
        },
      });
    const ok = await preflight('http://shop.test');
    assert.equal(ok.status, 204);
    assert.equal(ok.headers.get('Access-Control-Allow-Origin'), 'http://shop.test');
    assert.match(ok.headers.get('Access-Control-Allow-Headers') ?? '', /Idempotency-Key/);
    // Cached as long as browsers allow, so a member page view does not repeat its preflights.
    assert.equal(ok.headers.get('Access-Control-Max-Age'), '86400');
    const no = await preflight('http://evil.test');
    assert.equal(no.headers.get('Access-Control-Allow-Origin'), null);
  });
});
