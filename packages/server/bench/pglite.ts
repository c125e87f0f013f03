/**
 * `node --conditions=@member-center/source --import tsx bench/pglite.ts`: the figures of `bench/api.ts` on PGlite (in memory),
 * in one process: PGlite is an embedded Postgres on this process's own thread, so neither
 * pgbench nor a second process can reach it, and HTTP would share the event loop with its
 * own load generator. Each figure is requests through `app.request()` (routing, auth, the
 * handler, JSON; no sockets) or transactions, from 32 concurrent loops; the yardsticks are a
 * one-SELECT route and the minimal conditional-UPDATE redemption on the same PGlite.
 * Everything shares one core with PGlite, which is what bounds every figure here.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import { Hono } from 'hono';
import { createProgram } from '../src/commands/program.js';
import { redeemOnce } from '../src/commands/redemptions.js';
import { createApp, openDatabase, signMemberToken } from '../src/index.js';
import { findMember } from '../src/ledger/members.js';

const SECONDS = Number(process.env.BENCH_DURATION ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const MEMBERS = 2_000;
const load = () => loadavg()[0]!.toFixed(1);

const db = await openDatabase();
const program = await createProgram(db, { name: 'Bench', currency: 'CNY' });
const [reward] = await db.query<{ id: string }>(
  `INSERT INTO rewards (program_id, name, cost) VALUES ($1, 'Bench coupon', 1) RETURNING id`,
  [program.id],
);
await db.query(
  `INSERT INTO members (program_id, customer_id, balance, lifetime_earned, referral_code)
   SELECT $1, 'm' || i, 100000, 100000, 'BENCH' || i FROM generate_series(1, $2) AS i`,
  [program.id, MEMBERS],
);
await db.query(
  `INSERT INTO ledger_entries (program_id, member_id, type, points, balance_after, description)
   SELECT program_id, id, 'adjustment', balance, balance, 'Bench seed' FROM members WHERE program_id = $1`,
  [program.id],
);
await db.query(
  `INSERT INTO point_lots (program_id, member_id, entry_id, points, remaining, earned_at)
   SELECT program_id, member_id, id, points, points, created_at FROM ledger_entries WHERE program_id = $1`,
  [program.id],
);
const app = createApp({ db, rateLimits: false });
const yardstick = new Hono();
yardstick.get('/select', async (c) => {
  const [row] = await db.query('SELECT id, balance FROM members WHERE program_id = $1 AND customer_id = $2', [
    c.req.query('p'),
    c.req.query('c'),
  ]);
  return c.json(row ?? null);
});
const customers = Array.from({ length: MEMBERS }, (_, i) => `m${i + 1}`);
const tokens = await Promise.all(customers.map((c) => signMemberToken(program.secret_key, c, { ttl: 3600 })));
const ids = await Promise.all(customers.map(async (c) => (await findMember(db, program.id, c))!));

async function closedLoop(name: string, op: (i: number) => Promise<unknown>) {
  for (const seconds of [1, SECONDS]) {
    let done = 0;
    let next = 0;
    const deadline = performance.now() + seconds * 1000;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CONNECTIONS }, async () => {
        while (performance.now() < deadline) {
          await op(next++);
          done++;
        }
      }),
    );
    if (seconds === SECONDS) {
      const rate = done / ((performance.now() - started) / 1000);
      console.log(`  ${name}: ${rate.toFixed(0)}/s (load ${load()})`);
      return rate;
    }
  }
  return 0;
}

const ok = async (res: Response | Promise<Response>) => {
  const r = await res;
  if (!r.ok) throw new Error(`${r.status} ${await r.text()}`);
};
const member = (i: number) => ({
  'X-Publishable-Key': program.publishable_key,
  Authorization: `Bearer ${tokens[i % MEMBERS]}`,
});

console.log(`PGlite in memory, ${CONNECTIONS} concurrent loops, ${SECONDS} s each, ${MEMBERS} members:`);
const select = await closedLoop('one-SELECT route', (i) =>
  ok(yardstick.request(`/select?p=${program.id}&c=${customers[i % MEMBERS]}`)),
);
const me = await closedLoop('GET /v1/me', (i) => ok(app.request('/v1/me', { headers: member(i) })));
const guest = await closedLoop('GET /v1/program', () =>
  ok(app.request('/v1/program', { headers: { 'X-Publishable-Key': program.publishable_key } })),
);
const minimal = (memberOf: (i: number) => string) => async (i: number) => {
  const memberId = memberOf(i);
  await db.transaction(async (tx) => {
    const [debit] = await tx.query<{ balance: number }>(
      'UPDATE members SET balance = balance - 1 WHERE id = $1 AND balance >= 1 RETURNING balance',
      [memberId],
    );
    const id = randomUUID();
    await tx.query(
      `INSERT INTO ledger_entries (program_id, member_id, type, points, balance_after, description, redemption_id)
       VALUES ($1, $2, 'redemption', -1, $3, 'Bench coupon', $4)`,
      [program.id, memberId, debit!.balance, id],
    );
    await tx.query(
      `INSERT INTO redemptions (id, program_id, member_id, reward_id, reward_name, points, code)
       VALUES ($1, $2, $3, $4, 'Bench coupon', 1, $5)`,
      [id, program.id, memberId, reward!.id, randomBytes(6).toString('hex')],
    );
  });
};
const redeemHttp = (memberIndex: (i: number) => number) => (i: number) =>
  ok(
    app.request('/v1/me/redemptions', {
      method: 'POST',
      headers: { ...member(memberIndex(i)), 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID() },
      body: JSON.stringify({ rewardId: reward!.id }),
    }),
  );
const rawSpread = await closedLoop(
  'redeem spread · minimal SQL',
  minimal((i) => ids[i % MEMBERS]!.id),
);
const rawHot = await closedLoop(
  'redeem hot · minimal SQL',
  minimal(() => ids[0]!.id),
);
const domain = await closedLoop('redeem spread · redeemOnce()', async (i) => {
  const outcome = await redeemOnce(db, program, ids[i % MEMBERS]!, reward!.id, randomUUID(), new Date());
  if (outcome.status !== 201) throw new Error(`redeemOnce answered ${outcome.status}`);
});
const spread = await closedLoop(
  'redeem spread · app.request()',
  redeemHttp((i) => i),
);
const hot = await closedLoop(
  'redeem hot · app.request()',
  redeemHttp(() => 0),
);

const pct = (a: number, b: number) => `${((100 * a) / b).toFixed(1)}%`;
console.log(`\nPGlite ratios (same run, load ${load()}):`);
console.log(`  GET /v1/me / one-SELECT route: ${pct(me, select)}   (GET /v1/program: ${pct(guest, select)})`);
console.log(`  redeem spread / minimal SQL: ${pct(spread, rawSpread)}   (redeemOnce(): ${pct(domain, rawSpread)})`);
console.log(`  redeem hot / minimal SQL: ${pct(hot, rawHot)}`);
const [bad] = await db.query<{ n: number }>(
  `SELECT count(*)::int AS n FROM members m
   WHERE balance <> (SELECT coalesce(sum(points), 0) FROM ledger_entries WHERE member_id = m.id)`,
);
console.log(`Ledger check: ${bad!.n === 0 ? 'every balance equals its ledger sum' : `${bad!.n} members differ!`}`);
await db.close();
