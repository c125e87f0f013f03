/**
 * GET /v1/stats at scale: seeds one program (on PostgreSQL with DATABASE_URL, in a scratch
 * database: 100,000 members and 1,000,000 ledger entries over a year by default; on PGlite a
 * tenth of that) with generate_series INSERTs, then times the route over HTTP next to two
 * baselines measured in the same rounds: GET /health (one `SELECT 1`) and a
 * `SELECT count(*)` of the ledger. Then again without migration 17's indexes, to show what
 * they buy. STATS_MEMBERS, STATS_ENTRIES, STATS_RUNS (default 15) change the sizes.
 */
import { createProgram } from '../src/commands/program.js';
import { type Database, openDatabase } from '../src/db/database.js';
import { startServer } from '../src/server.js';
import { scratchDatabase } from '../test/scratch-database.js';

const url = process.env.DATABASE_URL;
const scale = url ? 1 : 0.1;
const MEMBERS = Number(process.env.STATS_MEMBERS ?? 100_000 * scale);
const ENTRIES = Number(process.env.STATS_ENTRIES ?? 1_000_000 * scale);
const RUNS = Number(process.env.STATS_RUNS ?? 15);
const DAYS = 365;
const now = new Date('2026-06-01T04:00:00Z');

async function open(): Promise<{ db: Database; drop: () => Promise<void> }> {
  if (!url) return { db: await openDatabase(), drop: async () => {} };
  const scratch = await scratchDatabase(url, 'mc_bench');
  // STATS_KEEP=1 leaves the seeded database for EXPLAIN ANALYZE (its name is printed).
  if (process.env.STATS_KEEP) console.log(`database kept: ${scratch.url}`);
  const drop = process.env.STATS_KEEP ? async () => {} : () => scratch.drop(2_000);
  return { db: await openDatabase({ url: scratch.url }), drop };
}

const percentile = (xs: number[], p: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};

/**
 * Members joined over 400 days, each with a tier, a balance and order aggregates; ENTRIES ledger
 * entries over the last DAYS days (40% orders with their order rows, 30% check-ins, 15%
 * redemptions with their redemption rows, 5% each expiries, refunds and adjustments); open lots,
 * some past their expiry, and held order points.
 */
async function seed(db: Database, programId: string) {
  const at = [programId, now];
  await db.query(
    `INSERT INTO members (program_id, customer_id, referral_code, created_at, balance, debt, tier_id, order_count,
       net_spend, first_order_at, last_order_at)
     SELECT $1, 'bench-' || i, 'B' || i, $2::timestamptz - make_interval(secs => random() * 400 * 86400),
       (random() * 5000)::bigint, CASE WHEN i % 50 = 0 THEN 20 ELSE 0 END,
       (SELECT id FROM tiers WHERE program_id = $1 ORDER BY threshold OFFSET (i % 7 / 3) LIMIT 1),
       orders, CASE WHEN orders > 0 THEN (random() * 500000)::bigint ELSE 0 END,
       CASE WHEN orders > 0 THEN $2::timestamptz - make_interval(secs => (age + 100) * 86400) END,
       CASE WHEN orders > 0 THEN $2::timestamptz - make_interval(secs => age * 86400) END
     FROM (SELECT i, CASE WHEN random() < 0.8 THEN 1 + (random() * random() * 29)::int ELSE 0 END AS orders,
             random() * 300 AS age FROM generate_series(1, $3) AS i) s`,
    [...at, MEMBERS],
  );
  await db.exec(
    'CREATE TABLE bench_members AS SELECT row_number() OVER (ORDER BY id)::int AS n, id FROM members; ' +
      'CREATE UNIQUE INDEX ON bench_members (n)',
  );
  const rewards = await db.query<{ id: string }>(
    `INSERT INTO rewards (program_id, name, cost) SELECT $1, 'Reward ' || i, 100 * i FROM generate_series(1, 8) i
     RETURNING id`,
    [programId],
  );
  // One row per entry: its kind from i, its member spread over all, its moment over DAYS days.
  await db.query(
    `CREATE TABLE bench_entries AS
     SELECT i, m.id AS member_id, $1::timestamptz - make_interval(secs => random() * $3 * 86400) AS at,
       CASE WHEN i % 20 < 8 THEN 'order' WHEN i % 20 < 14 THEN 'check_in' WHEN i % 20 < 17 THEN 'redemption'
            WHEN i % 20 = 17 THEN 'expiry' WHEN i % 20 = 18 THEN 'refund' ELSE 'adjustment' END AS type,
       1 + (random() * 500)::int AS points
     FROM generate_series(1, $2) i JOIN bench_members m ON m.n = 1 + (i::bigint * 7919) % $4`,
    [now, ENTRIES, DAYS, MEMBERS],
  );
  await db.query(
    `INSERT INTO orders (program_id, order_id, member_id, amount, currency, points_awarded, refunded_amount, created_at)
     SELECT $1, 'o' || i, member_id, points * 100, 'CNY', points, CASE WHEN i % 40 = 0 THEN points * 100 ELSE 0 END, at
     FROM bench_entries WHERE type = 'order'`,
    [programId],
  );
  await db.query(
    `INSERT INTO redemptions (program_id, member_id, reward_id, reward_name, points, code, created_at)
     SELECT $1, member_id, ($2::uuid[])[1 + i % 8], 'Reward ' || (1 + i % 8), points, 'C' || i, at
     FROM bench_entries WHERE type = 'redemption'`,
    [programId, rewards.map((r) => r.id)],
  );
  await db.query(
    `INSERT INTO ledger_entries (program_id, member_id, type, points, balance_after, description, order_id, created_at)
     SELECT $1, member_id, type,
       CASE WHEN type IN ('order', 'check_in') OR (type = 'adjustment' AND i % 2 = 0) THEN points ELSE -points END,
       1000, type, CASE WHEN type = 'order' THEN 'o' || i END, at
     FROM bench_entries ORDER BY at`,
    [programId],
  );
  await db.query(
    `INSERT INTO point_lots (program_id, member_id, points, remaining, earned_at, expires_at)
     SELECT $1, id, 100, 50, $2::timestamptz - interval '1 year',
       $2::timestamptz + make_interval(days => n % 400 - 5) FROM bench_members`,
    at,
  );
  await db.query(
    `INSERT INTO pending_points (program_id, member_id, order_id, points, available_at)
     SELECT $1, id, 'held' || n, 40, $2::timestamptz + interval '3 days' FROM bench_members WHERE n % 10 = 0`,
    at,
  );
  await db.exec('DROP TABLE bench_entries; DROP TABLE bench_members');
  await db.exec('VACUUM ANALYZE');
}

const { db, drop } = await open();
try {
  const program = await createProgram(db, {
    name: 'Stats bench',
    cashPoints: 100,
    cashMinor: 100,
    timeZone: 'Asia/Shanghai',
    tiers: [
      { name: 'Bronze', threshold: 0 },
      { name: 'Silver', threshold: 1000, multiplierPercent: 125 },
      { name: 'Gold', threshold: 2000, multiplierPercent: 150 },
    ],
  });
  const seedStart = performance.now();
  await seed(db, program.id);
  const [size] = await db.query<{ entries: number; orders: number; members: number }>(
    `SELECT (SELECT count(*) FROM ledger_entries) AS entries, (SELECT count(*) FROM orders) AS orders,
       (SELECT count(*) FROM members) AS members`,
  );
  console.log(
    `GET /v1/stats on ${db.kind}: ${size!.members.toLocaleString('en')} members, ${size!.entries.toLocaleString('en')} ledger entries, ` +
      `${size!.orders.toLocaleString('en')} orders over ${DAYS} days (seeded in ${((performance.now() - seedStart) / 1000).toFixed(1)} s); ` +
      `${RUNS} runs each, p50 / p95 in ms`,
  );

  const server = await startServer(db, { port: 0, hostname: '127.0.0.1', clock: () => now, rateLimits: false });
  const headers = { Authorization: `Bearer ${program.secret_key}` };
  const get = async (path: string) => {
    const res = await fetch(server.url + path, { headers });
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    await res.arrayBuffer();
  };
  const probes: [string, () => Promise<unknown>][] = [
    ['baseline GET /health (SELECT 1)', () => get('/health')],
    ['baseline SELECT count(*) FROM ledger_entries', () => db.query('SELECT count(*) FROM ledger_entries')],
    ['GET /v1/stats (last 30 days)', () => get('/v1/stats')],
    ['GET /v1/stats?interval=week (30 days)', () => get('/v1/stats?interval=week')],
    ['GET /v1/stats?interval=week (90 days)', () => get('/v1/stats?interval=week&from=2026-03-03&to=2026-06-01')],
    ['GET /v1/stats?interval=month (365 days)', () => get('/v1/stats?interval=month&from=2025-06-02&to=2026-06-01')],
  ];
  /** Every probe once per round, so the baselines see the same load as the route. */
  async function measure(label: string) {
    const ms = probes.map(() => [] as number[]);
    for (const [, run] of probes) await run(); // warm: plans, caches
    for (let round = 0; round < RUNS; round++) {
      for (const [i, [, run]] of probes.entries()) {
        const start = performance.now();
        await run();
        ms[i]!.push(performance.now() - start);
      }
    }
    console.log(`  ${label}:`);
    for (const [i, [name]] of probes.entries()) {
      console.log(
        `    ${name.padEnd(48)} ${percentile(ms[i]!, 50).toFixed(1).padStart(7)} / ${percentile(ms[i]!, 95).toFixed(1).padStart(7)}`,
      );
    }
  }
  await measure('with migration 17 (the schema as shipped)');
  if (!process.env.STATS_KEEP) {
    await db.exec(
      'DROP INDEX ledger_entries_program_created; DROP INDEX orders_program_created; DROP INDEX redemptions_program_created',
    );
  }
  if (!process.env.STATS_KEEP) await measure("without migration 17's indexes");
  await server.close();
} finally {
  await db.close();
  await drop();
}
