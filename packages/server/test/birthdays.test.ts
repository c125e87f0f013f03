import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { localDate } from '../src/kernel/time.js';
import { sweepBirthdays } from '../src/member-state/sweep.js';
import {
  backend,
  closeChecked,
  DEFAULT_PROGRAM,
  ledgerOf,
  memberView,
  startTestApi,
  type TestApi,
  type TestClock,
  testClock,
} from './harness.js';

const setBirthday = async (api: TestApi, customerId: string, birthday: string) => {
  const res = await api.merchant(`/v1/members/${customerId}`, { method: 'PUT', json: { birthday } });
  assert.equal(res.status, 200, await res.clone().text());
};

type MeView = {
  points: { balance: number; lifetimeEarned: number };
  tier: { progress: { qualifyingPoints: number } };
};
const me = (api: TestApi, customerId: string) => memberView<MeView>(api, customerId);

describe(`birthday rewards (${backend})`, () => {
  let api: TestApi;
  let clock: TestClock;
  before(async () => {
    clock = testClock('2026-01-10T12:00:00Z');
    api = await startTestApi({ ...DEFAULT_PROGRAM, timeZone: 'Asia/Shanghai', birthdayPoints: 200 }, { clock });
  });
  after(() => closeChecked(api));

  it('local dates follow the time zone', () => {
    assert.equal(localDate(new Date('2026-02-28T15:59:59Z'), 'Asia/Shanghai'), '2026-02-28');
    assert.equal(localDate(new Date('2026-02-28T16:00:00Z'), 'Asia/Shanghai'), '2026-03-01');
    assert.equal(localDate(new Date('2026-03-01T03:00:00Z'), 'America/New_York'), '2026-02-28');
  });

  it('GET /v1/program shows the gift and the time zone; PATCH /v1/program validates them', async () => {
    const program = await (await api.browser('/v1/program')).json();
    assert.equal(program.birthdayPoints, 200);
    assert.equal(program.timeZone, 'Asia/Shanghai');
    assert.deepEqual(program.waysToEarn[1], {
      kind: 'birthday',
      description: 'Get 200 points in your birthday month',
      points: 200,
    });
    for (const json of [{ timeZone: 'Mars/Olympus' }, { birthdayPoints: -1 }, { birthdayPoints: 1.5 }]) {
      const res = await api.merchant('/v1/program', { method: 'PATCH', json });
      assert.equal(res.status, 400, JSON.stringify(json));
    }
  });

  it('given once, when the summary is first read in the birthday month (local time), not before', async () => {
    clock.set('2026-02-28T15:59:59Z'); // 23:59:59 on 02-28 in Shanghai
    await setBirthday(api, 'reader', '1990-03-15');
    assert.equal((await me(api, 'reader')).points.balance, 0);
    clock.set('2026-02-28T16:00:00Z'); // midnight, 03-01 in Shanghai
    const summary = await me(api, 'reader');
    assert.equal(summary.points.balance, 200);
    assert.equal(summary.tier.progress.qualifyingPoints, 0, 'a gift does not count toward tiers');
    clock.set('2026-03-31T15:00:00Z');
    assert.equal((await me(api, 'reader')).points.balance, 200, 'once a year');
    assert.deepEqual(
      (await ledgerOf(api, 'reader')).map((e) => [e.type, e.points, e.description, e.created_at.toISOString()]),
      [['birthday', 200, 'Birthday gift 2026', '2026-02-28T16:00:00.000Z']],
    );
    const activity = await (await api.browser('/v1/me/activity', { token: await api.token('reader') })).json();
    assert.equal(activity.items[0].type, 'birthday');
    // Next year, again.
    clock.set('2027-03-02T00:00:00Z');
    assert.equal((await me(api, 'reader')).points.balance, 400);
  });

  it('the sweep gives the same gift a read would, once, and only in the birthday month', async () => {
    clock.set('2026-05-01T00:00:00Z');
    await setBirthday(api, 'swept', '1985-05-20');
    await setBirthday(api, 'read', '1985-05-20');
    await setBirthday(api, 'june', '1985-06-01');
    await setBirthday(api, 'nobirthday', '1985-05-20'); // then cleared
    await api.merchant('/v1/members/nobirthday', { method: 'PUT', json: { birthday: null } });
    // The PUTs above read the summaries, so 'swept', 'read' and 'nobirthday' got theirs already;
    // take a fresh pair that nothing has read.
    await api.db.query(
      `INSERT INTO members (program_id, customer_id, birthday, referral_code) VALUES
         ($1, 'swept-2', '1985-05-20', 'SWEPT2XX'), ($1, 'june-2', '1985-06-01', 'JUNE2XXX')`,
      [api.program.id],
    );
    assert.deepEqual(await sweepBirthdays(api.db, clock()), { members: 1 });
    assert.deepEqual(await sweepBirthdays(api.db, clock()), { members: 0 });
    assert.equal((await me(api, 'swept-2')).points.balance, 200, 'the read after the sweep gives nothing more');
    assert.equal((await me(api, 'june-2')).points.balance, 0);
    const [swept, read] = [await ledgerOf(api, 'swept-2'), await ledgerOf(api, 'read')];
    assert.deepEqual(swept, read, 'the same entry either way');
  });

  it('racing reads give one gift', async () => {
    clock.set('2026-07-01T00:00:00Z');
    await api.db.query(
      `INSERT INTO members (program_id, customer_id, birthday, referral_code) VALUES ($1, 'racer', '2000-07-04', 'RACERXXX')`,
      [api.program.id],
    );
    await Promise.all(Array.from({ length: 5 }, () => me(api, 'racer')));
    assert.equal((await me(api, 'racer')).points.balance, 200);
    assert.equal((await ledgerOf(api, 'racer')).length, 1);
  });

  it('birthdayPoints 0 turns the gift off', async () => {
    const res = await api.merchant('/v1/program', { method: 'PATCH', json: { birthdayPoints: 0 } });
    const program = await res.json();
    assert.equal(program.birthdayPoints, 0);
    assert.equal(
      program.waysToEarn.some((w: { kind: string }) => w.kind === 'birthday'),
      false,
    );
    clock.set('2026-08-01T00:00:00Z');
    await setBirthday(api, 'august', '1999-08-08');
    assert.equal((await me(api, 'august')).points.balance, 0);
    assert.deepEqual(await sweepBirthdays(api.db, clock()), { members: 0 });
  });
});
