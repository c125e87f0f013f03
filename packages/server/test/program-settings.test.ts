import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { Me, Program, type TierSetting } from '@member-center/contract';
import { seedDemo } from '../src/demo.js';
import { programView } from '../src/queries/program-view.js';
import {
  backend,
  closeChecked,
  createReward,
  DEFAULT_PROGRAM,
  ledgerOf,
  order,
  startTestApi,
  subscribe,
  type TestApi,
  testClock,
  testDatabase,
} from './harness.js';

const patch = (api: TestApi, json: unknown) => api.merchant('/v1/program', { method: 'PATCH', json });

async function patched(api: TestApi, json: unknown) {
  const res = await patch(api, json);
  assert.equal(res.status, 200, await res.clone().text());
  return Program.parse(await res.json());
}

const guestProgram = async (api: TestApi, query = '') =>
  Program.parse(await (await api.browser(`/v1/program${query}`)).json());

const me = async (api: TestApi, customerId: string, query = '') =>
  Me.parse(await (await api.browser(`/v1/me${query}`, { token: await api.token(customerId) })).json());

/** The ladder as PATCH takes it, from the program as GET shows it. */
const ladderOf = (program: Program): TierSetting[] =>
  program.tiers.map(({ id, name, threshold, multiplier, benefits }) => ({ id, name, threshold, multiplier, benefits }));

const tierEvents = async (api: TestApi) =>
  (
    await api.db.query<{ data: unknown }>(
      `SELECT data FROM webhook_outbox WHERE program_id = $1 AND type = 'tier.changed' ORDER BY id`,
      [api.program.id],
    )
  ).map((r) => (typeof r.data === 'string' ? JSON.parse(r.data) : r.data) as Record<string, unknown>);

describe(`program settings through PATCH /v1/program (${backend})`, () => {
  let api: TestApi;
  const clock = testClock('2026-03-01T08:00:00Z');
  before(async () => {
    api = await startTestApi(DEFAULT_PROGRAM, { clock });
    await subscribe(api, ['tier.changed']);
  });
  after(() => closeChecked(api));

  it('sets name, URLs, origins, locale, earn rate and points as cash; GET /v1/program shows them at once', async () => {
    const before = await guestProgram(api); // fills this process's program cache
    assert.equal(before.pointsPerUnit, 1);
    const settings = {
      name: 'Tea House',
      siteUrl: 'https://tea.example.com',
      joinUrl: 'https://tea.example.com/join',
      loginUrl: 'https://tea.example.com/login',
      allowedOrigins: ['https://tea.example.com', 'http://shop.test'],
      locale: 'zh-CN',
      pointsPerUnit: 2,
      pointValue: { points: 50, value: { amount: 100, currency: 'CNY' } },
    };
    const answer = await patched(api, settings);
    const expected = settings; // the answer shows what was set, in the same shape
    for (const program of [answer, await guestProgram(api)]) {
      assert.deepEqual(
        Object.fromEntries(Object.keys(expected).map((k) => [k, program[k as keyof Program]])),
        expected,
      );
    }
    assert.equal(answer.waysToEarn[0]?.points, 2);
    // The new earn rate applies to the next order, the new cash value to the balance shown.
    assert.equal((await order(api, 'tea-lover', 'tea-1', 100)).pointsAwarded, 200);
    assert.deepEqual((await me(api, 'tea-lover')).points.cashValue, { amount: 400, currency: 'CNY' });
    await patched(api, { pointValue: null, pointsPerUnit: 1 });
    assert.equal((await me(api, 'tea-lover')).points.cashValue, null);
    assert.equal((await guestProgram(api)).pointValue, null);
  });

  it('allowedOrigins is what CORS and the publishable key accept, from the next request on', async () => {
    await patched(api, { allowedOrigins: ['https://new.example'] });
    const from = (origin: string) => api.browser('/v1/program', { headers: { Origin: origin } });
    assert.equal((await from('https://new.example')).status, 200);
    assert.equal((await from('http://shop.test')).status, 403, 'a removed origin is refused at once');
    const preflight = await fetch(`${api.url}/v1/program`, {
      method: 'OPTIONS',
      headers: { Origin: 'https://new.example', 'Access-Control-Request-Method': 'GET' },
    });
    assert.equal(preflight.headers.get('Access-Control-Allow-Origin'), 'https://new.example');
    await patched(api, { allowedOrigins: ['http://shop.test'] });
  });

  it('is validated as a whole: one bad part refuses the whole change (400) and nothing changes', async () => {
    const before = await guestProgram(api);
    const refused: [unknown, RegExp][] = [
      [{ name: 'Renamed', allowedOrigins: ['https://shop.example.com/path'] }, /allowedOrigins/],
      [{ name: 'Renamed', allowedOrigins: ['https://a.example', 'https://a.example'] }, /allowedOrigins/],
      [{ name: 'Renamed', pointValue: { points: 100, value: { amount: 1, currency: 'USD' } } }, /pointValue/],
      [{ name: 'Renamed', pointsPerUnit: -1 }, /pointsPerUnit/],
      [{ name: 'Renamed', locale: 'not a locale' }, /locale/],
      [{ name: 'Renamed', joinUrl: 'javascript:alert(1)' }, /joinUrl/],
      [
        {
          name: 'Renamed',
          tiers: [
            { name: 'A', threshold: 0 },
            { name: 'B', threshold: 0 },
          ],
        },
        /threshold/,
      ],
      [{ name: 'Renamed', tiers: [{ id: '00000000-0000-4000-8000-000000000000', name: 'X', threshold: 0 }] }, /tier/],
      [{ name: 'Renamed', tiers: [{ name: 'Fast', threshold: 10, multiplier: 0.5 }] }, /multiplier/],
      [{ name: 'Renamed', segments: { atRiskDays: 10, newDays: 30 } }, /segments|newDays|atRiskDays/i],
    ];
    for (const [body, message] of refused) {
      const res = await patch(api, body);
      const text = await res.text();
      assert.equal(res.status, 400, `${JSON.stringify(body)}: ${text}`);
      assert.equal(JSON.parse(text).error.code, 'invalid_request');
      assert.match(text, message);
    }
    assert.deepEqual(await guestProgram(api), before);
  });

  it('tier edits: rename, benefits, multiplier and translations apply at once, here and in GET /v1/me', async () => {
    await order(api, 'silver', 'silver-1', 1200); // Bronze earns 1,200: Silver at once
    assert.equal((await me(api, 'silver')).tier.current?.name, 'Silver'); // the tiers are cached now
    const ladder = ladderOf(await guestProgram(api));
    ladder[1] = {
      ...ladder[1]!,
      name: 'Silver Leaf',
      multiplier: 2,
      benefits: ['Double points'],
      translations: { 'zh-CN': { name: '银叶会员', benefits: ['双倍积分'] } },
    };
    const answer = await patched(api, { tiers: ladder });
    assert.deepEqual(
      answer.tiers.map((t) => [t.name, t.threshold, t.multiplier, t.benefits]),
      [
        ['Bronze', 0, 1, []],
        ['Silver Leaf', 1000, 2, ['Double points']],
        ['Gold', 2000, 1.5, ['1.5× points']],
      ],
    );
    assert.equal(answer.tiers[1]!.id, ladder[1]!.id, 'the same tier, its members kept');
    const view = await me(api, 'silver');
    assert.equal(view.tier.current?.name, 'Silver Leaf', 'no stale tier from the cache');
    assert.equal((await order(api, 'silver', 'silver-2', 100)).pointsAwarded, 200, 'the new multiplier');
    // In the language asked for, with the translations beside.
    const zh = await me(api, 'silver', '?locale=zh-CN');
    assert.deepEqual([zh.tier.current?.name, zh.tier.current?.benefits], ['银叶会员', ['双倍积分']]);
    assert.equal((await guestProgram(api, '?locale=zh')).tiers[1]?.name, '银叶会员', 'same language, other region');
    assert.equal((await guestProgram(api, '?locale=en')).tiers[1]?.name, 'Silver Leaf');
    assert.deepEqual((await guestProgram(api)).tiers[1]?.translations, {
      'zh-CN': { name: '银叶会员', benefits: ['双倍积分'] },
    });
    assert.equal((await api.browser('/v1/program?locale=%20')).status, 400);
  });

  it('reorders tiers by swapping thresholds in one change', async () => {
    const ladder = ladderOf(await guestProgram(api));
    const [bronze, silver, gold] = ladder as [TierSetting, TierSetting, TierSetting];
    const answer = await patched(api, {
      tiers: [bronze, { ...silver, threshold: 2000 }, { ...gold, threshold: 1000 }],
    });
    assert.deepEqual(
      answer.tiers.map((t) => [t.name, t.threshold]),
      [
        ['Bronze', 0],
        ['Gold', 1000],
        ['Silver Leaf', 2000],
      ],
    );
    await patched(api, { tiers: [bronze, silver, gold] });
  });

  it('a new or lowered tier lifts the members who reach it, lazily, on their next read', async () => {
    const ladder = ladderOf(await guestProgram(api));
    await patched(api, { tiers: [...ladder.slice(0, 2), { name: 'Silver Plus', threshold: 1250 }, ladder[2]!] });
    // silver has 1,200 + 200 = 1,400 purchase points: Silver Plus once brought up to date.
    const [before] = await api.db.query<{ tier_review_due: boolean }>(
      `SELECT tier_review_due FROM members WHERE customer_id = 'silver'`,
    );
    assert.equal(before!.tier_review_due, true);
    assert.equal((await me(api, 'silver')).tier.current?.name, 'Silver Plus');
    const entries = (await ledgerOf(api, 'silver')).filter((e) => e.type === 'tier').map((e) => e.description);
    assert.deepEqual(entries, ['Upgraded to Silver', 'Upgraded to Silver Plus']);
    assert.equal((await me(api, 'tea-lover')).tier.current?.name, 'Bronze', 'members below stay where they are');
  });

  it('removing a tier moves its members, in the same change, to the highest remaining tier at or below it', async () => {
    await order(api, 'golden', 'golden-1', 2500); // Gold at once
    const goldKeep = (await me(api, 'golden')).tier.keep;
    const ladder = ladderOf(await guestProgram(api));
    assert.deepEqual(
      ladder.map((t) => t.name),
      ['Bronze', 'Silver Leaf', 'Silver Plus', 'Gold'],
    );
    // A Gold-only reward keeps Gold in place until it is archived.
    const mug = await createReward(api, { name: 'Gold mug', cost: 10, tierId: ladder[3]!.id });
    const blocked = await patch(api, { tiers: ladder.slice(0, 3) });
    assert.equal(blocked.status, 400);
    assert.match(await blocked.text(), /Gold mug/);
    assert.equal((await api.merchant(`/v1/rewards/${mug.id}`, { method: 'DELETE' })).status, 200);

    clock.advance(1);
    const answer = await patched(api, { tiers: [ladder[0]!, ladder[1]!, ladder[3]!] }); // Silver Plus goes
    assert.deepEqual(
      answer.tiers.map((t) => t.name),
      ['Bronze', 'Silver Leaf', 'Gold'],
    );
    // silver held Silver Plus (1,250): now Silver Leaf (1,000), the period it had kept.
    const [row] = await api.db.query<{ name: string }>(
      `SELECT t.name FROM members m JOIN tiers t ON t.id = m.tier_id WHERE m.customer_id = 'silver'`,
    );
    assert.equal(row!.name, 'Silver Leaf', 'moved in the same transaction, before any read');
    assert.equal((await me(api, 'silver')).tier.current?.name, 'Silver Leaf');
    const last = (await ledgerOf(api, 'silver')).at(-1)!;
    assert.deepEqual(
      [last.type, last.points, last.description],
      ['tier', 0, 'Moved to Silver Leaf: Silver Plus was removed'],
    );
    const event = (await tierEvents(api)).at(-1)!;
    assert.equal(event.reason, 'tier_removed');
    assert.equal(event.customerId, 'silver');
    assert.deepEqual(
      [(event.from as { name: string }).name, (event.to as { name: string }).name],
      ['Silver Plus', 'Silver Leaf'],
    );

    // Gold goes too: its member drops to Silver Leaf and keeps the period end Gold had.
    await patched(api, { tiers: [ladder[0]!, ladder[1]!] });
    const golden = await me(api, 'golden');
    assert.equal(golden.tier.current?.name, 'Silver Leaf');
    assert.equal(golden.tier.keep?.by, goldKeep?.by);
    // And with Silver Leaf gone, the threshold-0 tier, which cannot be lost: no period.
    await patched(api, { tiers: [ladder[0]!] });
    const bronze = await me(api, 'golden');
    assert.equal(bronze.tier.current?.name, 'Bronze');
    assert.equal(bronze.tier.keep, null);
    // An upgrade that raced the edit may still write the removed tier: the edit marked every
    // member for review, and the review moves such a member down as the edit would have.
    await api.db.query(
      `UPDATE members SET tier_id = $1, tier_review_due = true, next_due_at = timestamptz 'epoch'
       WHERE customer_id = 'golden'`,
      [ladder[3]!.id],
    );
    assert.equal((await me(api, 'golden')).tier.current?.name, 'Bronze');
    assert.equal((await ledgerOf(api, 'golden')).at(-1)!.description, 'Moved to Bronze: Gold was removed');
    // A removed tier is gone from the program; rewards cannot name it.
    const res = await api.merchant('/v1/rewards', {
      method: 'POST',
      json: { name: 'Old gold', cost: 5, tierId: ladder[3]!.id },
    });
    assert.equal(res.status, 404);
  });
});

describe(`the demo program agrees with docs/api.md (${backend})`, () => {
  it('holds no pending points, as the docs say', async () => {
    const db = await testDatabase();
    try {
      const { program } = await seedDemo(db);
      const view = await programView(db, program, new Date());
      const docs = readFileSync(new URL('../../../docs/api.md', import.meta.url), 'utf8');
      assert.equal(view.returnWindowDays, 0);
      assert.match(docs, /default 0, none; the\s+demo program holds none/);
      assert.equal(view.tiers[2]?.translations?.['zh-CN']?.name, '金卡会员');
    } finally {
      await db.close();
    }
  });
});
