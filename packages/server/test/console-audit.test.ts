import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { addOperator } from '../src/operators/operators.js';
import { backend, createReward, earn, startTestApi, type TestApi, type TestClock, testClock } from './harness.js';

const PASSWORD = 'correct horse battery';

/**
 * An operator's change and its audit entry are one transaction: a change that fails anywhere,
 * its audit entry included, leaves neither behind; one that succeeds always has its entry.
 */
describe(`the console's audit entries commit with their change (${backend})`, () => {
  let api: TestApi;
  let clock: TestClock;
  let origin: string;
  let owner: string;
  before(async () => {
    clock = testClock('2026-03-01T09:00:00Z');
    api = await startTestApi(undefined, { clock });
    origin = new URL(api.url).origin;
    await addOperator(
      api.db,
      { programId: api.program.id, email: 'owner@shop.test', role: 'owner', password: PASSWORD },
      clock(),
    );
    await addOperator(
      api.db,
      { programId: api.program.id, email: 'leaving@shop.test', role: 'viewer', password: PASSWORD },
      clock(),
    );
    await earn(api, 'c-1', 300);
    const res = await fetch(`${api.url}/console/api/session`, {
      method: 'POST',
      headers: { Origin: origin, 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: 'owner@shop.test', password: PASSWORD }),
    });
    assert.equal(res.status, 201);
    owner = res.headers.get('set-cookie')!.split(';')[0]!;
  });
  after(() => api.close());

  const call = (path: string, method: string, json?: unknown, headers: Record<string, string> = {}) =>
    fetch(api.url + path, {
      method,
      headers: {
        Origin: origin,
        Cookie: owner,
        ...(json !== undefined && { 'Content-Type': 'application/json' }),
        ...headers,
      },
      ...(json !== undefined && { body: JSON.stringify(json) }),
    });
  const one = async <T>(sql: string, params: unknown[] = []) => (await api.db.query<T>(sql, params))[0]!;
  const auditCount = async () => (await one<{ n: number }>('SELECT count(*)::int AS n FROM audit_log')).n;
  const actions = async (since: number) =>
    (await api.db.query<{ action: string }>('SELECT action FROM audit_log WHERE id > $1 ORDER BY id', [since])).map(
      (r) => r.action,
    );
  const lastAuditId = async () => (await one<{ id: number | null }>('SELECT max(id) AS id FROM audit_log')).id ?? 0;

  /** Every kind of write an operator makes, what it changes, and the audit action it records. */
  async function writes() {
    const reward = await createReward(api, { name: 'Tea', cost: 50 });
    const doomed = await createReward(api, { name: 'Old mug', cost: 80 });
    const hook = await (
      await api.merchant('/v1/webhooks', {
        method: 'POST',
        json: { url: 'https://hooks.shop.test/old', events: ['tier.changed'] },
      })
    ).json();
    const leaving = (await one<{ id: string }>("SELECT id FROM operators WHERE email = 'leaving@shop.test'")).id;
    const adjustKey = randomUUID();
    const batchKey = randomUUID();
    const count = (table: string) => `SELECT count(*)::int AS n FROM ${table}`;
    return [
      {
        action: 'points.adjusted',
        send: () =>
          call(
            '/v1/members/c-1/adjustments',
            'POST',
            { points: 25, reason: 'goodwill' },
            { 'Idempotency-Key': adjustKey },
          ),
        state: () =>
          one(
            `SELECT m.balance, (SELECT count(*)::int FROM ledger_entries l WHERE l.member_id = m.id) AS entries,
               (SELECT count(*)::int FROM idempotency_keys WHERE key = $1) AS keys
             FROM members m WHERE customer_id = 'c-1'`,
            [adjustKey],
          ),
      },
      {
        action: 'reward.created',
        send: () => call('/v1/rewards', 'POST', { name: 'Cake', cost: 120 }),
        state: () => one(count('rewards')),
      },
      {
        action: 'reward.updated',
        send: () => call(`/v1/rewards/${reward.id}`, 'PATCH', { cost: 70 }),
        state: () => one('SELECT cost FROM rewards WHERE id = $1', [reward.id]),
      },
      {
        action: 'reward.archived',
        send: () => call(`/v1/rewards/${doomed.id}`, 'DELETE'),
        state: () => one('SELECT archived_at FROM rewards WHERE id = $1', [doomed.id]),
      },
      {
        action: 'program.updated',
        send: () => call('/v1/program', 'PATCH', { name: 'Renamed Shop' }),
        state: () => one('SELECT name FROM programs WHERE id = $1', [api.program.id]),
      },
      {
        action: 'campaign.created',
        send: () =>
          call('/v1/campaigns', 'POST', {
            name: 'Double days',
            multiplier: 2,
            startsAt: '2026-03-02T00:00:00Z',
            endsAt: '2026-03-09T00:00:00Z',
          }),
        state: () => one(count('campaigns')),
      },
      {
        action: 'keys.rotated',
        send: () => call('/console/api/keys/rotate', 'POST', { kind: 'publishable' }),
        state: () =>
          one('SELECT publishable_key, previous_publishable_key FROM programs WHERE id = $1', [api.program.id]),
      },
      {
        action: 'webhook.created',
        send: () => call('/v1/webhooks', 'POST', { url: 'https://hooks.shop.test/new', events: ['tier.changed'] }),
        state: () => one(count('webhook_endpoints')),
      },
      {
        action: 'webhook.deleted',
        send: () => call(`/v1/webhooks/${hook.webhook.id}`, 'DELETE'),
        state: () => one(count('webhook_endpoints')),
      },
      {
        action: 'operator.added',
        send: () => call('/console/api/operators', 'POST', { email: 'new@shop.test', role: 'staff' }),
        state: () => one(count('operators')),
      },
      {
        action: 'operator.removed',
        send: () => call(`/console/api/operators/${leaving}`, 'DELETE'),
        state: () => one(count('operators')),
      },
      {
        action: 'coupons.issued',
        send: () => call('/v1/coupons', 'POST', { batchKey, rewardId: reward.id, customerId: 'c-1' }),
        state: () =>
          one(
            `SELECT (SELECT count(*)::int FROM redemptions) AS coupons,
               (SELECT count(*)::int FROM idempotency_keys WHERE key = $1) AS keys`,
            [batchKey],
          ),
      },
    ];
  }

  it('a write whose audit entry cannot be written changes nothing; once it can, each write leaves exactly its entry', async () => {
    const all = await writes();
    await api.db.exec(`
      CREATE FUNCTION refuse_audit() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'the audit log refuses this entry (test)'; END $$;
      CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION refuse_audit();
    `);
    const entries = await auditCount();
    const error = console.error;
    console.error = () => {}; // the server logs each 500
    try {
      for (const w of all) {
        const before = await w.state();
        const res = await w.send();
        assert.equal(res.status, 500, `${w.action}: ${await res.clone().text()}`);
        assert.equal((await res.json()).error.code, 'internal_error');
        assert.deepEqual(await w.state(), before, `${w.action} changed something without its audit entry`);
      }
    } finally {
      console.error = error;
      await api.db.exec('DROP TRIGGER refuse_audit ON audit_log; DROP FUNCTION refuse_audit();');
    }
    assert.equal(await auditCount(), entries);

    // The same requests again (the same idempotency keys: the failed tries did not keep them).
    for (const w of all) {
      const before = await w.state();
      const since = await lastAuditId();
      const res = await w.send();
      assert.ok(res.status < 300, `${w.action}: ${res.status} ${await res.clone().text()}`);
      assert.notDeepEqual(await w.state(), before, `${w.action} changed nothing`);
      assert.deepEqual(await actions(since), [w.action]);
    }
    const balance = (await (await api.merchant('/v1/members/c-1')).json()).points.balance;
    assert.equal(balance, 325, 'the adjustment applied once');
  });

  it('a change that fails after its first writes leaves no audit entry and none of those writes', async () => {
    // The adjustment posts to the ledger, then stores its answer under the idempotency key: refuse that last step.
    await api.db.exec(`
      CREATE FUNCTION refuse_answer() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'no answers stored (test)'; END $$;
      CREATE TRIGGER refuse_answer BEFORE UPDATE ON idempotency_keys FOR EACH ROW EXECUTE FUNCTION refuse_answer();
    `);
    const { balance } = await one<{ balance: number }>("SELECT balance FROM members WHERE customer_id = 'c-1'");
    const ledger = (await one<{ n: number }>('SELECT count(*)::int AS n FROM ledger_entries')).n;
    const since = await lastAuditId();
    const error = console.error;
    console.error = () => {};
    try {
      const res = await call(
        '/v1/members/c-1/adjustments',
        'POST',
        { points: -40, reason: 'mid-way' },
        { 'Idempotency-Key': randomUUID() },
      );
      assert.equal(res.status, 500);
    } finally {
      console.error = error;
      await api.db.exec('DROP TRIGGER refuse_answer ON idempotency_keys; DROP FUNCTION refuse_answer();');
    }
    assert.equal(
      (await one<{ balance: number }>("SELECT balance FROM members WHERE customer_id = 'c-1'")).balance,
      balance,
    );
    assert.equal((await one<{ n: number }>('SELECT count(*)::int AS n FROM ledger_entries')).n, ledger);
    assert.deepEqual(await actions(since), []);
  });

  it('a refused change (4xx) leaves no entry; the secret key writes without one, as before', async () => {
    const since = await lastAuditId();
    const res = await call(
      '/v1/members/c-1/adjustments',
      'POST',
      { points: -1_000_000, reason: 'too much' },
      {
        'Idempotency-Key': randomUUID(),
      },
    );
    assert.equal(res.status, 422);
    const ok = await api.merchant('/v1/rewards', { method: 'POST', json: { name: 'By key', cost: 10 } });
    assert.equal(ok.status, 201);
    assert.deepEqual(await actions(since), []);
  });
});
