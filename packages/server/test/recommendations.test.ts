import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  backend,
  closeChecked,
  createReward,
  DEFAULT_PROGRAM,
  earn,
  redeemed,
  startTestApi,
  type TestApi,
  type TestClock,
  testClock,
} from './harness.js';

interface Page {
  items: { name: string; redeemable?: boolean }[];
  nextCursor?: string;
}

describe(`the bazaar's order for a member (${backend})`, () => {
  let api: TestApi;
  let clock: TestClock;
  const rewards: Record<string, string> = {};
  const list = async (customerId: string | null, query = '') =>
    (await (
      await api.browser(`/v1/rewards${query}`, customerId ? { token: await api.token(customerId) } : {})
    ).json()) as Page;
  const names = (p: Page) => p.items.map((r) => r.name);

  before(async () => {
    clock = testClock('2026-08-01T00:00:00Z');
    api = await startTestApi(DEFAULT_PROGRAM, { clock });
    for (const [name, cost] of [
      ['Sticker', 50],
      ['Mug', 300],
      ['Tote', 450],
      ['Umbrella', 600],
      ['Kettle', 900],
      ['Lamp', 2000],
    ] as const) {
      rewards[name] = (await createReward(api, { name, cost, stock: 100 })).id;
    }
    // Bronze members redeem the Lamp most, then the Kettle, in the last 90 days; an old
    // redemption (over 90 days ago) of the Umbrella no longer counts.
    clock.set('2026-03-01T00:00:00Z');
    await earn(api, 'old', 600);
    await redeemed(api, 'old', rewards.Umbrella!);
    clock.set('2026-07-20T00:00:00Z');
    for (const c of ['b1', 'b2']) {
      await earn(api, c, 950); // Bronze (below Silver's 1,000)
      await redeemed(api, c, rewards.Kettle!);
    }
    await api.db.query(
      `INSERT INTO redemptions (program_id, member_id, reward_id, reward_name, points, code, created_at)
       SELECT program_id, id, $2, 'Lamp', 2000, 'LAMP' || customer_id || n, '2026-07-25T00:00:00Z'
       FROM members, generate_series(1, 3) AS n WHERE program_id = $1 AND customer_id IN ('b1', 'b2')`,
      [api.program.id, rewards.Lamp],
    );
    // A Gold member's redemptions are another tier's: they do not count for Bronze.
    await earn(api, 'gold', 2500);
    for (let i = 0; i < 3; i++) await redeemed(api, 'gold', rewards.Umbrella!);
    clock.set('2026-08-01T00:00:00Z');
  });
  after(() => closeChecked(api));

  it('puts what the member can afford first, closest to their balance, then what their tier redeems', async () => {
    await earn(api, 'ada', 500); // Bronze, 500 points
    const page = await list('ada');
    // Affordable, dearest first: Tote 450, Mug 300, Sticker 50; then by Bronze redemptions in
    // 90 days: Lamp (6), Kettle (2); then by points needed: Umbrella (100 more).
    assert.deepEqual(names(page), ['Tote', 'Mug', 'Sticker', 'Lamp', 'Kettle', 'Umbrella']);
    assert.deepEqual(
      page.items.map((r) => r.redeemable),
      [true, true, true, false, false, false],
    );
    assert.deepEqual(
      names(await list(null)),
      ['Sticker', 'Mug', 'Tote', 'Umbrella', 'Kettle', 'Lamp'],
      'guests: oldest first',
    );
  });

  it('pages through that order with the cursor: every reward once, in order', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await list('ada', `?limit=4${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...names(page));
      cursor = page.nextCursor;
    } while (cursor);
    assert.deepEqual(seen, ['Tote', 'Mug', 'Sticker', 'Lamp', 'Kettle', 'Umbrella']);
    const guestFirst = await list(null, '?limit=2');
    assert.deepEqual(names(await list(null, `?limit=2&cursor=${guestFirst.nextCursor}`)), ['Tote', 'Umbrella']);
    const bad = await api.browser('/v1/rewards?cursor=m1_x', { token: await api.token('ada') });
    assert.equal(bad.status, 400);
  });
});
