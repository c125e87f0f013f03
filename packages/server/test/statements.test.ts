import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { createProgram } from '../src/commands/program.js';
import type { Database, Sql } from '../src/db/sql.js';
import type { ProgramRow } from '../src/kernel/programs.js';
import { type RunningServer, startServer } from '../src/server.js';
import { signMemberToken } from '../src/tokens.js';
import { backend, DEFAULT_PROGRAM, testDatabase } from './harness.js';

/** The database with every statement it runs noted in `log` (transactions as BEGIN … COMMIT). */
function counted(db: Database) {
  const log: string[] = [];
  const wrap = (sql: Sql): Sql => ({
    query: (text, params) => {
      log.push(text.replace(/\s+/g, ' ').trim().slice(0, 4000));
      return sql.query(text, params);
    },
    exec: (script) => {
      log.push(script.slice(0, 60));
      return sql.exec(script);
    },
  });
  const counting: Database = {
    ...db,
    ...wrap(db),
    transaction: async (fn) => {
      log.push('BEGIN');
      try {
        return await db.transaction((tx) => fn(wrap(tx)));
      } finally {
        log.push('COMMIT');
      }
    },
  };
  return { db: counting, log };
}

// What a route costs when nothing is due is part of its contract with the database (issue 10):
// these counts fail loudly when a change adds a round trip.
describe(`statements per route when nothing is due (${backend})`, () => {
  let db: Database;
  let server: RunningServer;
  let program: ProgramRow;
  let log: string[];
  let rewardId: string;
  before(async () => {
    db = await testDatabase();
    program = await createProgram(db, { ...DEFAULT_PROGRAM, checkIn: { points: 5 } });
    const count = counted(db);
    log = count.log;
    server = await startServer(count.db, { port: 0, hostname: '127.0.0.1', checkResponses: true, rateLimits: false });
    const [reward] = await db.query<{ id: string }>(
      `INSERT INTO rewards (program_id, name, cost) VALUES ($1, 'Coupon', 10) RETURNING id`,
      [program.id],
    );
    rewardId = reward!.id;
    const res = await fetch(`${server.url}/v1/members/ann/adjustments`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${program.secret_key}`,
        'Content-Type': 'application/json',
        'Idempotency-Key': randomUUID(),
      },
      body: JSON.stringify({ points: 100, reason: 'Welcome' }),
    });
    assert.equal(res.status, 201);
  });
  after(async () => {
    await server.close();
    await db.close();
  });

  const browser = async (path: string, init: RequestInit = {}, guest = false) => {
    const token = await signMemberToken(program.secret_key, 'ann');
    return fetch(server.url + path, {
      ...init,
      headers: {
        'X-Publishable-Key': program.publishable_key,
        ...(!guest && { Authorization: `Bearer ${token}` }),
        'Content-Type': 'application/json',
        ...(init.headers as Record<string, string>),
      },
    });
  };
  /** The statements one request runs, after a first one has warmed the program cache. */
  const statementsOf = async (request: () => Promise<Response>) => {
    assert.ok((await request()).ok);
    log.length = 0;
    const res = await request();
    assert.ok(res.ok, await res.clone().text());
    return [...log];
  };

  it('GET /v1/me: one statement (member, tier progress, expiring, pending, check-in, stage)', async () => {
    const statements = await statementsOf(() => browser('/v1/me'));
    assert.equal(statements.length, 1, statements.join('\n'));
  });

  it('GET /v1/program for a guest: none while the program is cached', async () => {
    assert.deepEqual(await statementsOf(() => browser('/v1/program', {}, true)), []);
  });

  it('a redemption: the member, then one transaction of two statements (lock, then the key and every write)', async () => {
    const redeem = () =>
      browser('/v1/me/redemptions', {
        method: 'POST',
        headers: { 'Idempotency-Key': randomUUID() },
        body: JSON.stringify({ rewardId }),
      });
    const statements = await statementsOf(redeem);
    assert.equal(statements.length, 5, statements.join('\n'));
    assert.match(statements[0]!, /^SELECT .* FROM members WHERE program_id/);
    assert.equal(statements[1], 'BEGIN');
    assert.match(statements[2]!, /^SELECT .*to_json\(r\).* FOR UPDATE$/);
    assert.match(
      statements[3]!,
      /^WITH claim AS \(INSERT INTO idempotency_keys .* member AS \( UPDATE members .* redemption AS \( INSERT INTO redemptions/,
    );
    assert.equal(statements[4], 'COMMIT');
  });

  it('a refused redemption: rolled back whole, then the refusal stored in one statement', async () => {
    const [dear] = await db.query<{ id: string }>(
      `INSERT INTO rewards (program_id, name, cost) VALUES ($1, 'Dear', 1000000) RETURNING id`,
      [program.id],
    );
    const redeem = () =>
      browser('/v1/me/redemptions', {
        method: 'POST',
        headers: { 'Idempotency-Key': randomUUID() },
        body: JSON.stringify({ rewardId: dear!.id }),
      });
    assert.equal((await redeem()).status, 422);
    log.length = 0;
    const res = await redeem();
    assert.equal(res.status, 422, await res.clone().text());
    // member, BEGIN, lock (the balance refuses), the end of the rolled-back transaction, the key with the refusal
    assert.equal(log.length, 5, log.join('\n'));
    assert.match(log[2]!, /FOR UPDATE$/);
    assert.match(log[4]!, /^INSERT INTO idempotency_keys .* status, response/);
  });
});
