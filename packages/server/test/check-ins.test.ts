import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { localDate } from '../src/kernel/time.js';
import {
  backend,
  closeChecked,
  DEFAULT_PROGRAM,
  memberView,
  startTestApi,
  type TestApi,
  type TestClock,
  testClock,
} from './harness.js';

const checkIn = async (api: TestApi, customerId: string) => {
  const res = await api.browser('/v1/me/check-ins', { method: 'POST', token: await api.token(customerId) });
  return { status: res.status, body: await res.json() };
};

type Status = {
  today: boolean;
  streak: number;
  nextPoints: number;
  bonusToday: boolean;
  nextBonus: { date: string; checkIns: number; points: number } | null;
};
type MeView = {
  points: { balance: number };
  checkIn: Status | null;
  tier: { progress: { qualifyingPoints: number } };
};
const me = (api: TestApi, customerId: string) => memberView<MeView>(api, customerId);

/** The daily rule below (5 points, 50 more on day 7): what a member is told of the next check-ins. */
const status = (today: boolean, streak: number, bonusDate: string, checkIns: number): Status => ({
  today,
  streak,
  nextPoints: checkIns === 1 && !today ? 55 : 5,
  bonusToday: today && streak % 7 === 0 && streak > 0,
  nextBonus: { date: bonusDate, checkIns, points: 55 },
});

describe(`daily check-ins (${backend})`, () => {
  let api: TestApi;
  let clock: TestClock;
  before(async () => {
    clock = testClock('2026-03-01T12:00:00Z');
    api = await startTestApi(
      { ...DEFAULT_PROGRAM, timeZone: 'Asia/Shanghai', checkIn: { points: 5, bonusDay: 7, bonusPoints: 50 } },
      { clock },
    );
  });
  after(() => closeChecked(api));

  it('local dates follow the time zone', () => {
    assert.equal(localDate(new Date('2026-03-01T15:59:59Z'), 'Asia/Shanghai'), '2026-03-01');
    assert.equal(localDate(new Date('2026-03-01T16:00:00Z'), 'Asia/Shanghai'), '2026-03-02');
    assert.equal(localDate(new Date('2026-03-01T16:00:00Z'), 'America/New_York'), '2026-03-01');
  });

  it('GET /v1/program shows the time zone, the check-in rule and a way to earn', async () => {
    const program = await (await api.browser('/v1/program')).json();
    assert.equal(program.timeZone, 'Asia/Shanghai');
    assert.deepEqual(program.checkIn, { points: 5, bonusDay: 7, bonusPoints: 50 });
    assert.deepEqual(program.waysToEarn[1], {
      kind: 'check_in',
      description: 'Check in daily for 5 points, 50 more on day 7 of a streak',
      points: 5,
    });
  });

  it('once per local day: a second call that day answers 200 with the same check-in and no points', async () => {
    clock.set('2026-03-01T12:00:00Z'); // 20:00 in Shanghai
    // Day 7 of a streak begun today is 03-07.
    assert.deepEqual(await me(api, 'daily').then((m) => m.checkIn), status(false, 0, '2026-03-07', 7));
    const first = await checkIn(api, 'daily');
    assert.equal(first.status, 201);
    assert.deepEqual(first.body, {
      checkIn: { date: '2026-03-01', streak: 1, points: 5, bonus: false },
      status: status(true, 1, '2026-03-07', 6),
      points: { balance: 5 },
    });
    clock.set('2026-03-01T15:59:00Z'); // 23:59 in Shanghai: the same day
    const again = await checkIn(api, 'daily');
    assert.equal(again.status, 200);
    assert.deepEqual(again.body, first.body);
    const summary = await me(api, 'daily');
    assert.deepEqual(summary.checkIn, status(true, 1, '2026-03-07', 6));
    assert.equal(summary.points.balance, 5);
    assert.equal(summary.tier.progress.qualifyingPoints, 0, 'check-ins do not count toward tiers');

    clock.set('2026-03-01T16:00:00Z'); // midnight in Shanghai: the next day, still 03-01 in UTC
    assert.deepEqual(await me(api, 'daily').then((m) => m.checkIn), status(false, 1, '2026-03-07', 6));
    const next = await checkIn(api, 'daily');
    assert.deepEqual(next, {
      status: 201,
      body: {
        checkIn: { date: '2026-03-02', streak: 2, points: 5, bonus: false },
        status: status(true, 2, '2026-03-07', 5),
        points: { balance: 10 },
      },
    });
  });

  it('racing check-ins of one member earn once', async () => {
    clock.set('2026-03-05T04:00:00Z');
    const results = await Promise.all(Array.from({ length: 5 }, () => checkIn(api, 'racer')));
    assert.deepEqual(results.map((r) => r.status).sort(), [200, 200, 200, 200, 201]);
    for (const r of results) {
      assert.deepEqual(r.body.checkIn, { date: '2026-03-05', streak: 1, points: 5, bonus: false });
    }
    assert.equal((await me(api, 'racer')).points.balance, 5);
    const entries = await api.db.query<{ type: string; points: number; description: string }>(
      `SELECT type, points, description FROM ledger_entries
       WHERE member_id = (SELECT id FROM members WHERE customer_id = 'racer')`,
    );
    assert.deepEqual(entries, [{ type: 'check_in', points: 5, description: 'Daily check-in' }]);
  });

  it('day 7 of a streak earns the bonus (and day 14 again); a missed day starts over', async () => {
    clock.set('2026-04-01T02:00:00Z');
    const earned: [number, number][] = [];
    for (let day = 1; day <= 15; day++) {
      if (day === 7) {
        // The bonus day itself: the next check-in is it, today (Shanghai's 04-07).
        assert.deepEqual((await me(api, 'streaker')).checkIn, status(false, 6, '2026-04-07', 1));
      }
      const { body } = await checkIn(api, 'streaker');
      earned.push([body.checkIn.streak, body.checkIn.points]);
      assert.equal(body.checkIn.bonus, day % 7 === 0);
      if (day === 7) {
        // Earned: the next bonus is a whole streak cycle away.
        assert.deepEqual(body.status, status(true, 7, '2026-04-14', 7));
        assert.deepEqual((await me(api, 'streaker')).checkIn, body.status);
      }
      clock.advance(1);
    }
    assert.deepEqual(
      earned.filter(([, points]) => points !== 5),
      [
        [7, 55],
        [14, 55],
      ],
    );
    assert.deepEqual(earned.at(-1), [15, 5]);
    assert.equal((await me(api, 'streaker')).points.balance, 15 * 5 + 100);
    // Skip 04-16: the streak shown drops to 0, and the next check-in is day 1.
    clock.advance(1);
    assert.deepEqual((await me(api, 'streaker')).checkIn, status(false, 0, '2026-04-23', 7));
    assert.deepEqual((await checkIn(api, 'streaker')).body.checkIn, {
      date: '2026-04-17',
      streak: 1,
      points: 5,
      bonus: false,
    });
  });

  it('PATCH /v1/program changes the rule and the time zone, or turns check-ins off (422)', async () => {
    const bad = await api.merchant('/v1/program', { method: 'PATCH', json: { timeZone: 'Mars/Olympus' } });
    assert.equal(bad.status, 400);
    const badDay = await api.merchant('/v1/program', {
      method: 'PATCH',
      json: { checkIn: { points: 5, bonusDay: 1 } },
    });
    assert.equal(badDay.status, 400);
    let res = await api.merchant('/v1/program', {
      method: 'PATCH',
      json: { timeZone: 'America/New_York', checkIn: { points: 10 } },
    });
    const program = await res.json();
    assert.equal(program.timeZone, 'America/New_York');
    assert.deepEqual(program.checkIn, { points: 10, bonusDay: 7, bonusPoints: 0 });
    clock.set('2026-05-01T03:00:00Z'); // 23:00 on 04-30 in New York
    const plain = (await checkIn(api, 'eastcoast')).body;
    assert.deepEqual(plain.checkIn, { date: '2026-04-30', streak: 1, points: 10, bonus: false });
    // No bonus in the rule: none to look forward to.
    assert.deepEqual(plain.status, { today: true, streak: 1, nextPoints: 10, bonusToday: false, nextBonus: null });

    res = await api.merchant('/v1/program', { method: 'PATCH', json: { checkIn: null } });
    const off = await res.json();
    assert.equal(off.checkIn, null);
    assert.equal(
      off.waysToEarn.some((w: { kind: string }) => w.kind === 'check_in'),
      false,
    );
    const refused = await checkIn(api, 'eastcoast');
    assert.equal(refused.status, 422);
    assert.equal(refused.body.error.code, 'check_in_unavailable');
    assert.equal((await me(api, 'eastcoast')).checkIn, null);
  });

  it('needs a member token', async () => {
    const res = await api.browser('/v1/me/check-ins', { method: 'POST' });
    assert.equal(res.status, 401);
  });
});
