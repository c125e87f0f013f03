import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  backend,
  closeChecked,
  DEFAULT_PROGRAM,
  memberView,
  order,
  refunded,
  startTestApi,
  type TestApi,
  type TestClock,
  testClock,
} from './harness.js';

interface SegmentMember {
  member: { customerId: string };
  stage: string;
  rfm: { r: number; f: number; m: number } | null;
  orders: {
    count: number;
    netSpend: { amount: number; currency: string };
    firstAt: string | null;
    lastAt: string | null;
  };
}

interface Segments {
  asOf: string;
  members: number;
  stages: { stage: string; members: number }[];
  rfm: {
    scored: number;
    recency: number[];
    frequency: number[];
    monetary: number[];
    cells: { r: number; f: number; m: number; members: number }[];
  };
  rules: Record<string, number>;
}

/** Every member `GET /v1/members?…` lists, following `nextCursor` to the end. */
async function listAll(api: TestApi, query = '', limit = 100) {
  const items: SegmentMember[] = [];
  let cursor: string | undefined;
  do {
    const params = new URLSearchParams(query);
    params.set('limit', String(limit));
    if (cursor) params.set('cursor', cursor);
    const res = await api.merchant(`/v1/members?${params}`);
    assert.equal(res.status, 200, await res.clone().text());
    const body = (await res.json()) as { items: SegmentMember[]; nextCursor?: string };
    assert.ok(body.items.length <= limit);
    items.push(...body.items);
    cursor = body.nextCursor;
  } while (cursor);
  return items;
}

const segments = async (api: TestApi) => {
  const res = await api.merchant('/v1/segments');
  assert.equal(res.status, 200, await res.clone().text());
  return (await res.json()) as Segments;
};

const listed = async (api: TestApi, customerId: string) => {
  const item = (await listAll(api)).find((i) => i.member.customerId === customerId);
  assert.ok(item, `${customerId} is listed`);
  return item;
};

const stageOf = async (api: TestApi, customerId: string) => {
  const me = await memberView<{ stage: string }>(api, customerId);
  const merchant = (await (await api.merchant(`/v1/members/${customerId}`)).json()) as { stage: string };
  assert.equal(merchant.stage, me.stage, 'the merchant and the member see the same stage');
  return me.stage;
};

const patchProgram = (api: TestApi, json: unknown) => api.merchant('/v1/program', { method: 'PATCH', json });

describe(`lifecycle stages (${backend})`, () => {
  let api: TestApi;
  let clock: TestClock;
  before(async () => {
    clock = testClock('2026-01-10T12:00:00Z');
    api = await startTestApi(DEFAULT_PROGRAM, { clock });
  });
  after(() => closeChecked(api));

  it('states its default thresholds', async () => {
    assert.deepEqual((await segments(api)).rules, {
      newDays: 30,
      loyalMinOrders: 3,
      loyalWithinDays: 60,
      atRiskDays: 90,
      churnedDays: 180,
    });
  });

  it('walks one member through every stage as orders arrive and time passes', async () => {
    const res = await api.merchant('/v1/members/ann', { method: 'PUT', json: { name: 'Ann' } });
    assert.equal(res.status, 200);
    assert.equal(await stageOf(api, 'ann'), 'potential', 'joined, no order');

    await order(api, 'ann', 'ann-1', 100);
    assert.equal(await stageOf(api, 'ann'), 'new', 'first order just now');
    clock.advance(29);
    assert.equal(await stageOf(api, 'ann'), 'new', 'first order 29 days ago');
    clock.advance(1);
    assert.equal(await stageOf(api, 'ann'), 'active', 'first order 30 days ago');

    await order(api, 'ann', 'ann-2', 50);
    assert.equal(await stageOf(api, 'ann'), 'active', 'two orders are not yet loyal');
    await order(api, 'ann', 'ann-3', 50);
    assert.equal(await stageOf(api, 'ann'), 'loyal', 'three orders, the last just now');

    clock.advance(59);
    assert.equal(await stageOf(api, 'ann'), 'loyal', 'last order 59 days ago');
    clock.advance(1);
    assert.equal(await stageOf(api, 'ann'), 'active', 'last order 60 days ago: no longer loyal');
    clock.advance(29);
    assert.equal(await stageOf(api, 'ann'), 'active', 'no order for 89 days');
    clock.advance(1);
    assert.equal(await stageOf(api, 'ann'), 'at_risk', 'no order for 90 days');
    clock.advance(89);
    assert.equal(await stageOf(api, 'ann'), 'at_risk', 'no order for 179 days');
    clock.advance(1);
    assert.equal(await stageOf(api, 'ann'), 'churned', 'no order for 180 days');

    await order(api, 'ann', 'ann-4', 10);
    assert.equal(await stageOf(api, 'ann'), 'loyal', 'won back: four orders, the last just now');
  });

  it('lists members by stage, and the counts match the lists', async () => {
    // ann is loyal now; add members of the other stages, placing orders in the past.
    await api.merchant('/v1/members/pat', { method: 'PUT', json: {} });
    await order(api, 'nia', 'nia-1', 20); // first order now: new
    clock.advance(-100);
    await order(api, 'rik', 'rik-1', 20); // no order for 100 days: at risk
    clock.advance(-100);
    await order(api, 'cho', 'cho-1', 20); // no order for 200 days: churned
    await order(api, 'act', 'act-1', 20);
    clock.advance(140);
    await order(api, 'act', 'act-2', 20);
    await order(api, 'eve', 'eve-1', 20); // one order, 60 days ago: active
    clock.advance(60);
    await order(api, 'act', 'act-3', 20); // three orders, the last now: loyal

    const expected: Record<string, string[]> = {
      potential: ['pat'],
      new: ['nia'],
      active: ['eve'],
      loyal: ['act', 'ann'],
      at_risk: ['rik'],
      churned: ['cho'],
    };
    const counts = await segments(api);
    assert.deepEqual(
      counts.stages,
      Object.entries(expected).map(([stage, ids]) => ({ stage, members: ids.length })),
    );
    assert.equal(counts.members, 7);
    for (const [stage, ids] of Object.entries(expected)) {
      const items = await listAll(api, `stage=${stage}`);
      assert.deepEqual(items.map((i) => i.member.customerId).sort(), ids, stage);
      assert.ok(items.every((i) => i.stage === stage));
    }
    assert.equal(counts.rfm.scored, 6, 'every member with an order has RFM scores');
    assert.equal((await listed(api, 'pat')).rfm, null, 'no order, no scores');
  });

  it('changes stages at once when the merchant moves the thresholds', async () => {
    const program = await patchProgram(api, {
      segments: { atRiskDays: 30, churnedDays: 90, newDays: 7, loyalWithinDays: 30 },
    });
    assert.equal(program.status, 200, await program.clone().text());
    assert.deepEqual((await segments(api)).rules, {
      newDays: 7,
      loyalMinOrders: 3,
      loyalWithinDays: 30,
      atRiskDays: 30,
      churnedDays: 90,
    });
    // rik (no order for 100 days) is churned now, eve (60 days) at risk.
    assert.equal(await stageOf(api, 'rik'), 'churned');
    assert.equal(await stageOf(api, 'eve'), 'at_risk');
    assert.equal(await stageOf(api, 'nia'), 'new', 'first order just now');
  });

  it('refuses thresholds that do not nest, and bad ones, changing nothing', async () => {
    const rules = (await segments(api)).rules;
    const { birthdayPoints } = (await (await api.browser('/v1/program')).json()) as { birthdayPoints: number };
    const bad = [
      { segments: { atRiskDays: 90 } }, // not below churnedDays (90)
      { segments: { newDays: 31 } }, // over atRiskDays (30)
      { segments: { loyalWithinDays: 45 } },
      { segments: { churnedDays: 20 } },
      { segments: { newDays: 0 } },
      { segments: { atRiskDays: 10.5 } },
      { segments: { loyalMinOrders: 0 } },
      { segments: { churnedDays: 100_000 } },
      { segments: { lapsedDays: 10 } },
      { segments: null },
      { birthdayPoints: 777, segments: { atRiskDays: 365 } },
    ];
    for (const body of bad) {
      const res = await patchProgram(api, body);
      assert.equal(res.status, 400, JSON.stringify(body));
      const envelope = (await res.json()) as { error: { code: string; message: string } };
      assert.equal(envelope.error.code, 'invalid_request');
    }
    assert.deepEqual((await segments(api)).rules, rules);
    const after = (await (await api.browser('/v1/program')).json()) as { birthdayPoints: number };
    assert.equal(after.birthdayPoints, birthdayPoints, 'the rest of a refused change is not applied either');

    const ok = await patchProgram(api, {
      segments: { newDays: 30, atRiskDays: 90, churnedDays: 180, loyalWithinDays: 60 },
    });
    assert.equal(ok.status, 200);
  });

  it('keeps the order aggregates current through orders, replays and refunds', async () => {
    const at = clock().toISOString();
    await order(api, 'ref', 'ref-1', 100);
    await order(api, 'ref', 'ref-1', 100); // a replay: the same order once
    let item = await listed(api, 'ref');
    assert.deepEqual(item.orders, {
      count: 1,
      netSpend: { amount: 10_000, currency: 'CNY' },
      firstAt: at,
      lastAt: at,
    });
    assert.equal(item.stage, 'new');

    await refunded(api, 'ref', 'ref-1', 'ref-1-a', 3000);
    item = await listed(api, 'ref');
    assert.deepEqual([item.orders.count, item.orders.netSpend.amount], [1, 7000], 'a partial refund lowers the spend');

    clock.advance(2);
    const later = clock().toISOString();
    await order(api, 'ref', 'ref-2', 40);
    item = await listed(api, 'ref');
    assert.deepEqual(item.orders, {
      count: 2,
      netSpend: { amount: 11_000, currency: 'CNY' },
      firstAt: at,
      lastAt: later,
    });

    await refunded(api, 'ref', 'ref-1', 'ref-1-b', 7000);
    item = await listed(api, 'ref');
    assert.deepEqual(
      item.orders,
      { count: 1, netSpend: { amount: 4000, currency: 'CNY' }, firstAt: later, lastAt: later },
      'a fully refunded order no longer counts',
    );

    await refunded(api, 'ref', 'ref-2', 'ref-2-a', 4000);
    item = await listed(api, 'ref');
    assert.deepEqual(item.orders, {
      count: 0,
      netSpend: { amount: 0, currency: 'CNY' },
      firstAt: null,
      lastAt: null,
    });
    assert.equal(item.stage, 'potential', 'every order refunded: back to potential');
    assert.equal(item.rfm, null);
    assert.equal(await stageOf(api, 'ref'), 'potential');
  });

  it('is for merchants only', async () => {
    for (const path of ['/v1/segments', '/v1/members']) {
      const res = await api.browser(path, { token: await api.token('ann') });
      assert.equal(res.status, 401, path);
      assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'unauthenticated');
    }
  });
});

describe(`RFM quintiles (${backend})`, () => {
  let api: TestApi;
  let clock: TestClock;
  const scoreOf = (i: number) => ({ r: Math.ceil(i / 5), f: ((i - 1) % 5) + 1, m: Math.ceil(i / 5) });
  before(async () => {
    clock = testClock('2026-03-01T00:00:00Z');
    api = await startTestApi(DEFAULT_PROGRAM, { clock });
    // Buyer i (1–25) orders last on day i (recency rank i), places ((i − 1) mod 5) + 1 orders
    // (five buyers each with 1…5 orders: ties) and spends ¥10·i in all (spend rank i).
    for (let i = 1; i <= 25; i++) {
      const orders = ((i - 1) % 5) + 1;
      for (let n = 1; n <= orders; n++) {
        await order(api, `b${i}`, `b${i}-${n}`, n < orders ? 1 : i * 10 - (orders - 1));
      }
      clock.advance(1);
    }
    for (const id of ['p1', 'p2']) await api.merchant(`/v1/members/${id}`, { method: 'PUT', json: {} });
  });
  after(() => closeChecked(api));

  it('scores 25 buyers of known recency, frequency and spend in exact quintiles', async () => {
    const items = await listAll(api);
    for (let i = 1; i <= 25; i++) {
      const item = items.find((x) => x.member.customerId === `b${i}`)!;
      assert.deepEqual(item.rfm, scoreOf(i), `b${i}`);
      assert.equal(item.orders.netSpend.amount, i * 1000);
    }
    assert.deepEqual(
      items.filter((x) => x.rfm === null).map((x) => x.member.customerId),
      ['p2', 'p1'],
    );
  });

  it('counts per score and per cell, matching the rfm filter', async () => {
    const counts = await segments(api);
    assert.equal(counts.members, 27);
    assert.equal(counts.rfm.scored, 25);
    assert.deepEqual(counts.rfm.recency, [5, 5, 5, 5, 5]);
    assert.deepEqual(counts.rfm.frequency, [5, 5, 5, 5, 5]);
    assert.deepEqual(counts.rfm.monetary, [5, 5, 5, 5, 5]);
    assert.equal(counts.rfm.cells.length, 25);
    assert.deepEqual(counts.rfm.cells[0], { r: 5, f: 5, m: 5, members: 1 });
    for (const cell of counts.rfm.cells) {
      const items = await listAll(api, `rfm=${cell.r}-${cell.f}-${cell.m}`);
      assert.equal(items.length, cell.members, `${cell.r}-${cell.f}-${cell.m}`);
      assert.deepEqual(items[0]!.rfm, { r: cell.r, f: cell.f, m: cell.m });
    }
    const top = await listAll(api, 'rfm=45-*-*');
    assert.equal(top.length, counts.rfm.recency[3]! + counts.rfm.recency[4]!);
    assert.deepEqual(top.map((x) => x.member.customerId).sort(), [...Array(10)].map((_, k) => `b${k + 16}`).sort());
    assert.equal((await listAll(api, 'rfm=*-*-*')).length, 25, 'an rfm filter lists buyers only');
    // Every buyer's first order is less than 30 days old: all are new.
    const newTop = await listAll(api, 'stage=new&rfm=5-*-*');
    assert.equal(newTop.length, 5, 'stage and rfm filters combine');
  });

  it('moves scores at once when an order arrives', async () => {
    // b1 (lowest in all three) spends ¥1000 now: the most recent and the richest. Its two
    // orders tie with five others, above only the four buyers left with one order: F stays 1
    // (1 + ⌊5 × 4 / 25⌋), as for everyone with two orders.
    await order(api, 'b1', 'b1-big', 1000);
    assert.deepEqual((await listed(api, 'b1')).rfm, { r: 5, f: 1, m: 5 });
    assert.deepEqual((await listed(api, 'b2')).rfm, { r: 1, f: 1, m: 1 }, 'b2 is now the least recent and smallest');
    assert.deepEqual((await listed(api, 'b3')).rfm, { r: 1, f: 3, m: 1 }, 'ten buyers below three orders: F 3');
  });

  it('pages through members newest first without gaps or repeats', async () => {
    const all = await listAll(api, '', 4);
    assert.equal(all.length, 27);
    assert.equal(new Set(all.map((x) => x.member.customerId)).size, 27);
    assert.deepEqual(
      all.slice(0, 3).map((x) => x.member.customerId),
      ['p2', 'p1', 'b25'],
    );
    const first = (await (await api.merchant('/v1/members?limit=27')).json()) as { nextCursor?: string };
    assert.equal(first.nextCursor, undefined, 'one page holds all: no cursor');
    const filtered = await listAll(api, 'rfm=*-5-*', 2);
    assert.deepEqual(
      filtered.map((x) => x.member.customerId),
      ['b25', 'b20', 'b15', 'b10', 'b5'],
    );
  });

  it('answers 400 with the error envelope for bad filters', async () => {
    const before = await segments(api);
    for (const query of [
      'stage=lapsed',
      'stage=AT_RISK',
      'stage=',
      'rfm=6-*-*',
      'rfm=0-1-1',
      'rfm=5-5',
      'rfm=5-5-5-5',
      'rfm=**-*-*',
      'rfm=5-x-1',
      'rfm=555',
      'rfm=',
      'rfm=123456-*-*',
      'limit=0',
      'limit=101',
      'cursor=abc',
      'cursor=1%3B--',
    ]) {
      const res = await api.merchant(`/v1/members?${query}`);
      assert.equal(res.status, 400, query);
      const body = (await res.json()) as { error: { code: string; message: string } };
      assert.equal(body.error.code, 'invalid_request', query);
      assert.ok(body.error.message.length > 0);
    }
    const afterwards = await segments(api);
    assert.deepEqual({ ...afterwards, asOf: '' }, { ...before, asOf: '' });
  });
});

describe(`members searched by id, email and name, and filtered by tier (${backend})`, () => {
  let api: TestApi;
  let silver: string;
  let bronze: string;
  before(async () => {
    api = await startTestApi();
    const people: [string, Record<string, string>][] = [
      ['c-anna', { name: 'Anna Lee', email: 'anna@example.com' }],
      ['c-bob', { name: 'Bob Stone', email: 'bob@shop.test' }],
      ['c-li', { name: '李雷', email: 'lei@example.cn' }],
      ['x1', { name: '100% Percy', email: 'p_ercy@example.org' }],
    ];
    for (const [id, profile] of people) {
      const res = await api.merchant(`/v1/members/${encodeURIComponent(id)}`, { method: 'PUT', json: profile });
      assert.ok(res.status < 300, await res.text());
    }
    await order(api, 'c-bob', 'bob-1', 1500); // 1,500 points: Silver
    const program = (await (await api.browser('/v1/program')).json()) as { tiers: { id: string; name: string }[] };
    silver = program.tiers.find((t) => t.name === 'Silver')!.id;
    bronze = program.tiers.find((t) => t.name === 'Bronze')!.id;
  });
  after(() => closeChecked(api));

  const ids = async (query: string) => (await listAll(api, query)).map((i) => i.member.customerId).sort();

  it('finds members by any part of their id, email or name, in any case', async () => {
    assert.deepEqual(await ids('q=anna'), ['c-anna']);
    assert.deepEqual(await ids('q=SHOP.TEST'), ['c-bob']);
    assert.deepEqual(await ids('q=stone'), ['c-bob']);
    assert.deepEqual(await ids('q=李'), ['c-li']);
    assert.deepEqual(await ids('q=c-'), ['c-anna', 'c-bob', 'c-li']);
    assert.deepEqual(await ids(`q=${encodeURIComponent('  lei@  ')}`), ['c-li'], 'trimmed');
    // LIKE's wildcards are searched for as text.
    assert.deepEqual(await ids('q=%25'), ['x1']);
    assert.deepEqual(await ids('q=_'), ['x1']);
    assert.deepEqual(await ids('q=nobody'), []);
  });

  it('filters by tier, alone and with the search and the stage', async () => {
    assert.deepEqual(await ids(`tierId=${silver}`), ['c-bob']);
    assert.deepEqual(await ids(`tierId=${silver}&q=anna`), []);
    // Members who never qualified hold the first tier.
    assert.deepEqual(await ids(`tierId=${bronze}`), ['c-anna', 'c-li', 'x1']);
    assert.deepEqual(await ids(`tierId=${bronze}&q=anna`), ['c-anna']);
    const bob = (await listAll(api, 'q=bob'))[0]!;
    assert.deepEqual(await ids(`q=bob&stage=${bob.stage}&tierId=${silver}`), ['c-bob']);
    const other = bob.stage === 'potential' ? 'loyal' : 'potential';
    assert.deepEqual(await ids(`q=bob&stage=${other}`), []);
    assert.deepEqual(await ids(`q=bob&rfm=*-*-*`), bob.rfm ? ['c-bob'] : []);
  });

  it('answers 400 for an empty or overlong search and a tier that is not an id', async () => {
    for (const query of ['q=', 'q=%20%20', `q=${'a'.repeat(201)}`, 'tierId=gold', 'tierId=']) {
      const res = await api.merchant(`/v1/members?${query}`);
      assert.equal(res.status, 400, query);
      assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'invalid_request');
    }
  });
});
