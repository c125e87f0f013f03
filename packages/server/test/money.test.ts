import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import {
  backend,
  balancesVersusLedger,
  createReward,
  earn,
  lotsVersusBalance,
  startTestApi,
  type TestApi,
} from './harness.js';

const redeem = (api: TestApi, token: string, rewardId: string, key: string = randomUUID()) =>
  api.browser('/v1/me/redemptions', { method: 'POST', token, headers: { 'Idempotency-Key': key }, json: { rewardId } });

describe(`money-grade correctness (${backend})`, () => {
  let api: TestApi;
  before(async () => {
    api = await startTestApi();
  });
  after(() => api.close());

  it('500 concurrent redemptions of a 100-point reward with 1,000 points: exactly 10 succeed', async () => {
    const reward = await createReward(api, { name: 'Coupon', cost: 100 });
    await earn(api, 'racer', 1000);
    const token = await api.token('racer');
    const responses = await Promise.all(Array.from({ length: 500 }, () => redeem(api, token, reward.id)));
    const statuses = responses.map((r) => r.status);
    assert.equal(statuses.filter((s) => s === 201).length, 10);
    assert.equal(statuses.filter((s) => s === 422).length, 490);
    const refusals = await Promise.all(responses.filter((r) => r.status === 422).map((r) => r.json()));
    assert.ok(refusals.every((b) => b.error.code === 'insufficient_points'));

    const me = await (await api.browser('/v1/me', { token })).json();
    assert.equal(me.points.balance, 0);
    const row = (await balancesVersusLedger(api.db)).find((r) => r.customer_id === 'racer')!;
    assert.deepEqual([row.balance, row.ledger], [0, 0]);
    const [{ n }] = (await api.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM redemptions d JOIN members m ON m.id = d.member_id WHERE m.customer_id = 'racer'`,
    )) as [{ n: number }];
    assert.equal(n, 10);
  });

  it('50 members racing for a reward with stock 3: exactly 3 get it, nobody else pays', async () => {
    const reward = await createReward(api, { name: 'Limited tote', cost: 50, stock: 3 });
    const members = Array.from({ length: 50 }, (_, i) => `stock-${i}`);
    for (const m of members) await earn(api, m, 100);
    const tokens = await Promise.all(members.map((m) => api.token(m)));
    const responses = await Promise.all(tokens.map((t) => redeem(api, t, reward.id)));
    assert.equal(responses.filter((r) => r.status === 201).length, 3);
    const refusals = await Promise.all(responses.filter((r) => r.status !== 201).map((r) => r.json()));
    assert.equal(refusals.length, 47);
    assert.ok(refusals.every((b) => b.error.code === 'out_of_stock'));

    const balances = (await balancesVersusLedger(api.db)).filter((r) => r.customer_id.startsWith('stock-'));
    assert.equal(balances.filter((b) => b.balance === 50).length, 3, 'three members paid 50');
    assert.equal(balances.filter((b) => b.balance === 100).length, 47, 'the rest kept their points');
    assert.ok(balances.every((b) => b.balance === b.ledger));
    const [{ stock }] = (await api.db.query<{ stock: number }>('SELECT stock FROM rewards WHERE id = $1', [
      reward.id,
    ])) as [{ stock: number }];
    assert.equal(stock, 0);
  });

  it('a per-member limit holds under a race', async () => {
    const reward = await createReward(api, { name: 'One per member', cost: 10, perMemberLimit: 2 });
    await earn(api, 'limited', 1000);
    const token = await api.token('limited');
    const responses = await Promise.all(Array.from({ length: 40 }, () => redeem(api, token, reward.id)));
    assert.equal(responses.filter((r) => r.status === 201).length, 2);
    const codes = await Promise.all(
      responses.filter((r) => r.status !== 201).map(async (r) => (await r.json()).error.code),
    );
    assert.ok(codes.every((c) => c === 'limit_reached'));
    const me = await (await api.browser('/v1/me', { token })).json();
    assert.equal(me.points.balance, 980);
  });

  it('the same key and body 20 times at once: one effect, identical responses', async () => {
    const reward = await createReward(api, { name: 'Idempotent', cost: 100 });
    await earn(api, 'twin', 1000);
    const token = await api.token('twin');
    const responses = await Promise.all(Array.from({ length: 20 }, () => redeem(api, token, reward.id, 'same-key')));
    assert.ok(responses.every((r) => r.status === 201));
    const bodies = await Promise.all(responses.map((r) => r.text()));
    assert.equal(new Set(bodies).size, 1, 'every response is the first one');
    assert.equal(responses.filter((r) => r.headers.get('Idempotent-Replayed') === 'true').length, 19);
    const me = await (await api.browser('/v1/me', { token })).json();
    assert.equal(me.points.balance, 900, 'points spent once');
  });

  it('the same key with a different body is a 409 and spends nothing', async () => {
    const a = await createReward(api, { name: 'A', cost: 10 });
    const b = await createReward(api, { name: 'B', cost: 10 });
    await earn(api, 'conflict', 100);
    const token = await api.token('conflict');
    assert.equal((await redeem(api, token, a.id, 'k1')).status, 201);
    const res = await redeem(api, token, b.id, 'k1');
    assert.equal(res.status, 409);
    assert.equal((await res.json()).error.code, 'idempotency_conflict');
    const me = await (await api.browser('/v1/me', { token })).json();
    assert.equal(me.points.balance, 90);
  });

  it('a refusal is replayed for the same key, even after the member could afford it', async () => {
    const reward = await createReward(api, { name: 'Later', cost: 100 });
    const token = await api.token('replayed-refusal');
    const first = await redeem(api, token, reward.id, 'k-refused');
    assert.equal(first.status, 422);
    await earn(api, 'replayed-refusal', 100);
    const again = await redeem(api, token, reward.id, 'k-refused');
    assert.equal(again.status, 422);
    assert.deepEqual(await again.json(), await first.json());
    assert.equal((await redeem(api, token, reward.id, 'k-new')).status, 201);
  });

  it('keys belong to one member: two members may use the same key', async () => {
    const reward = await createReward(api, { name: 'Shared key', cost: 10 });
    await earn(api, 'key-a', 10);
    await earn(api, 'key-b', 10);
    const [ra, rb] = await Promise.all([
      redeem(api, await api.token('key-a'), reward.id, 'k'),
      redeem(api, await api.token('key-b'), reward.id, 'k'),
    ]);
    assert.deepEqual([ra.status, rb.status], [201, 201]);
    assert.notEqual((await ra.json()).redemption.id, (await rb.json()).redemption.id);
  });

  it('orders are idempotent on orderId; the same id with another total is a 409', async () => {
    const order = { orderId: 'A-1001', total: { amount: 12_999, currency: 'CNY' } };
    const send = (body: unknown) => api.merchant('/v1/members/orderer/orders', { method: 'POST', json: body });
    const responses = await Promise.all(Array.from({ length: 10 }, () => send(order)));
    assert.ok(responses.every((r) => r.status === 201));
    const bodies = await Promise.all(responses.map((r) => r.json()));
    assert.deepEqual(bodies[0], { pointsAwarded: 129, points: { balance: 129 } });
    assert.ok(bodies.every((b) => JSON.stringify(b) === JSON.stringify(bodies[0])));
    const conflict = await send({ ...order, total: { amount: 1, currency: 'CNY' } });
    assert.equal(conflict.status, 409);
    const other = await api.merchant('/v1/members/someone-else/orders', { method: 'POST', json: order });
    assert.equal(other.status, 409, 'one order id cannot earn for two customers');
  });

  it('a debit adjustment beyond the balance is refused whole; idempotent by key', async () => {
    await earn(api, 'adjusted', 50);
    const adjust = (points: number, key: string) =>
      api.merchant('/v1/members/adjusted/adjustments', {
        method: 'POST',
        headers: { 'Idempotency-Key': key },
        json: { points, reason: 'goodwill' },
      });
    const refused = await adjust(-51, 'a1');
    assert.equal(refused.status, 422);
    assert.equal((await refused.json()).error.code, 'insufficient_points');
    assert.equal((await adjust(25, 'a2')).status, 201);
    const replay = await adjust(25, 'a2');
    assert.deepEqual(await replay.json(), { points: { balance: 75 } });
    assert.equal((await adjust(-75, 'a3')).status, 201);
    const row = (await balancesVersusLedger(api.db)).find((r) => r.customer_id === 'adjusted')!;
    assert.deepEqual([row.balance, row.ledger], [0, 0]);
  });

  it('the ledger is append-only and a balance cannot go negative, even by hand', async () => {
    await earn(api, 'sealed', 10);
    await assert.rejects(
      api.db.query("UPDATE ledger_entries SET points = 1000 WHERE description LIKE 'Order%'"),
      /append-only/,
    );
    await assert.rejects(api.db.query('DELETE FROM ledger_entries'), /append-only/);
    await assert.rejects(
      api.db.query("UPDATE members SET balance = -1 WHERE customer_id = 'sealed'"),
      /check constraint/,
    );
    await assert.rejects(api.db.query('UPDATE rewards SET stock = -1'), /check constraint/);
  });

  it('after everything above, every balance equals its ledger sum', async () => {
    const rows = await balancesVersusLedger(api.db);
    assert.ok(rows.length > 50);
    for (const r of rows)
      assert.equal(r.balance, r.ledger, `${r.customer_id}: balance ${r.balance}, ledger ${r.ledger}`);
    assert.deepEqual(await lotsVersusBalance(api.db), [], 'the open point lots add up to every balance');
  });
});
