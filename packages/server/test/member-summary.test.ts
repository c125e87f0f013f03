import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { readSummary } from '../src/queries/member-summary.js';
import { bounds, STAGE } from '../src/rules/segments.js';
import { tierWindowAt } from '../src/rules/tiers.js';
import { backend, DEFAULT_PROGRAM, order, refunded, startTestApi, type TestApi, testClock } from './harness.js';

const DAY = 86_400_000;

// GET /v1/me's statement reads a part only when the member row says there can be something in
// it (member-summary.ts). Here every part is also read unconditionally, for members in every
// state that the conditions look at, and the two must agree.
describe(`member summary: what the row skips is what is empty (${backend})`, () => {
  let api: TestApi;
  const clock = testClock('2026-03-10T12:00:00Z');
  before(async () => {
    api = await startTestApi(
      { ...DEFAULT_PROGRAM, pointsExpiryMonths: 1, returnWindowDays: 7, checkIn: { points: 5 } },
      { clock },
    );
    const res = await api.merchant('/v1/program', {
      method: 'PATCH',
      json: { pointsDiscount: { minPoints: 100, step: 50, maxPoints: 5000, validMinutes: 30 } },
    });
    assert.equal(res.status, 200, await res.clone().text());
  });
  after(() => api.close());

  /** Every part of the summary read without any condition, as the statement did before. */
  async function unconditional(customerId: string, now: Date) {
    const { program, db } = api;
    const [from, to] = tierWindowAt(program, now);
    const [row] = await db.query<Record<string, unknown>>(
      `WITH ${bounds('$1', '$3::timestamptz')}
       SELECT ${STAGE} AS stage,
         tier_progress($4, m.id, $5::timestamptz, $6::timestamptz) AS progress,
         CASE WHEN m.tier_until IS NOT NULL THEN tier_progress($4, m.id, coalesce(m.tier_counts_from, m.tier_until),
           least($6::timestamptz, m.tier_until)) END AS keep_progress,
         member_expiring(m.id, $3, $7) AS expiring, member_pending(m.id, $3) AS pending, member_held(m.id) AS held,
         member_last_check_in(m.id, $8::date - 1) AS last_check_in
       FROM members m CROSS JOIN b WHERE m.program_id = $1 AND m.customer_id = $2`,
      [
        program.id,
        customerId,
        now,
        program.tier_basis,
        from,
        to,
        new Date(now.getTime() + 30 * DAY),
        now.toISOString().slice(0, 10),
      ],
    );
    return row!;
  }

  async function agree(customerId: string) {
    const now = clock();
    // GET /v1/me first: it brings the member up to date, as every summary read is.
    const res = await api.browser('/v1/me', { token: await api.token(customerId) });
    assert.equal(res.status, 200, await res.clone().text());
    const summary = (await readSummary(api.db, api.program, { customerId }, now))!;
    const full = await unconditional(customerId, now);
    for (const part of ['stage', 'progress', 'keep_progress', 'expiring', 'pending', 'held', 'last_check_in']) {
      assert.deepEqual(
        JSON.parse(JSON.stringify(summary[part as keyof typeof summary])),
        JSON.parse(JSON.stringify(full[part])),
        `${customerId}: ${part}`,
      );
    }
    return { summary, full };
  }

  it('a member who never ordered', async () => {
    await api.merchant('/v1/members/never', { method: 'PUT', json: { name: 'Never' } });
    const { full } = await agree('never');
    assert.equal(full.progress, 0);
  });

  it('orders held in their return window, released, expiring soon, then refunded whole', async () => {
    await order(api, 'buyer', 'b1', 1500); // Silver: a tier period, held points
    let { full } = await agree('buyer');
    assert.equal((full.pending as unknown[]).length, 1, 'held in the return window');
    clock.set('2026-03-18T12:00:00Z'); // released; its lot expires within 30 days
    ({ full } = await agree('buyer'));
    assert.equal((full.expiring as unknown[]).length, 1, 'expiring soon');
    assert.notEqual(full.keep_progress, null, 'a tier period to keep');
    assert.ok(Number(full.progress) > 0);
    await refunded(api, 'buyer', 'b1', 'r1', 150_000);
    ({ full } = await agree('buyer'));
    clock.set('2026-05-01T12:00:00Z'); // the tier period and the lots have run out
    await agree('buyer');
  });

  it('a member whose only order was refunded whole: no order counted, progress still read', async () => {
    clock.set('2026-05-02T12:00:00Z');
    await order(api, 'refunded', 'x1', 300);
    clock.set('2026-05-12T12:00:00Z');
    await refunded(api, 'refunded', 'x1', 'rx1', 30_000);
    const [row] = await api.db.query<{ order_count: number }>(
      'SELECT order_count FROM members WHERE program_id = $1 AND customer_id = $2',
      [api.program.id, 'refunded'],
    );
    assert.equal(row!.order_count, 0);
    await agree('refunded');
  });

  it('held points of a points discount, and a check-in', async () => {
    clock.set('2026-05-20T12:00:00Z');
    await order(api, 'saver', 's1', 800);
    clock.set('2026-05-28T12:00:00Z');
    const token = await api.token('saver');
    const discount = await api.browser('/v1/me/discounts', {
      method: 'POST',
      token,
      headers: { 'Idempotency-Key': randomUUID() },
      json: { points: 200 },
    });
    assert.equal(discount.status, 201, await discount.clone().text());
    const checkIn = await api.browser('/v1/me/check-ins', { method: 'POST', token });
    assert.equal(checkIn.status, 201, await checkIn.clone().text());
    const { full } = await agree('saver');
    assert.equal(Number(full.held), 200);
    assert.notEqual(full.last_check_in, null);
  });
});
