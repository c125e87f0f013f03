/**
 * GET /v1/me's one statement on its own: its EXPLAIN ANALYZE for a member like the bench's (no
 * orders, nothing due) and for one with orders and points that expire, then its rate through
 * `pgbench -M prepared` (32 clients, members round-robin at random) against a one-member SELECT,
 * and against the statement as it was before it skipped what the member row answers
 * (`beforeSql` below, kept here to measure the cut in the same run).
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test \
 *     node --conditions=@member-center/source --import tsx bench/summary-plan.ts
 *
 * A fresh database of its own, dropped at the end (SUMMARY_PLAN_KEEP=1 keeps it).
 * SUMMARY_PLAN_SECONDS (5) per rate, 3 rounds.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { placeOrder } from '../src/commands/orders.js';
import { createProgram, type Database, openDatabase } from '../src/index.js';
import { MEMBER_COLUMNS } from '../src/ledger/members.js';
import { summaryQuery } from '../src/queries/member-summary.js';
import { bounds, STAGE } from '../src/rules/segments.js';
import { progressSql, type TierBasis } from '../src/rules/tiers.js';
import { scratchDatabase } from '../test/scratch-database.js';

const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const seconds = Number(process.env.SUMMARY_PLAN_SECONDS ?? 5);
const MEMBERS = 10_000;

/** The summary statement before this cut: every sub-plan for every member, programs read again. */
const beforeSql = (basis: TierBasis) => `
  WITH ${bounds('$1', '$3::timestamptz')}
  SELECT ${MEMBER_COLUMNS}, ${STAGE} AS stage,
    ${progressSql(basis, 'm.id', '$4::timestamptz', '$5::timestamptz')} AS progress,
    CASE WHEN m.tier_until IS NOT NULL THEN ${progressSql(basis, 'm.id', 'coalesce(m.tier_counts_from, m.tier_until)', 'least($5::timestamptz, m.tier_until)')} END AS keep_progress,
    (SELECT coalesce(json_agg(json_build_object('points', points, 'at', at) ORDER BY at), '[]'::json)
     FROM (SELECT sum(remaining)::bigint AS points, expires_at AS at FROM point_lots
           WHERE member_id = m.id AND remaining > 0 AND expires_at > $3 AND expires_at <= $6 GROUP BY expires_at) x) AS expiring,
    (SELECT coalesce(json_agg(json_build_object('points', points, 'at', at) ORDER BY at), '[]'::json)
     FROM (SELECT sum(points)::bigint AS points, available_at AS at FROM pending_points
           WHERE member_id = m.id AND released_at IS NULL AND available_at > $3 GROUP BY available_at) x) AS pending,
    (SELECT coalesce(sum(points - points_returned), 0)::bigint FROM redemptions
     WHERE member_id = m.id AND kind = 'points_discount' AND status = 'available') AS held,
    (SELECT json_build_object('date', to_char(local_date, 'YYYY-MM-DD'), 'streak', streak) FROM check_ins
     WHERE member_id = m.id AND local_date >= $7::date - 1 ORDER BY local_date DESC LIMIT 1) AS last_check_in
  FROM members m CROSS JOIN b WHERE m.program_id = $1 AND m.customer_id = $2`;

// Instants as epoch seconds: an ISO string's colons would read as pgbench variables.
const literal = (v: unknown) =>
  v instanceof Date ? `to_timestamp(${v.getTime() / 1000})` : typeof v === 'number' ? String(v) : `'${v}'`;

/** `sql` with its parameters written in (the member as pgbench's random :n), for a pgbench script. */
const pgbenchScript = (sql: string, params: unknown[]) =>
  `\\set n random(1, ${MEMBERS})\n${sql.replace(/\$(\d+)/g, (_, k: string) =>
    k === '2' ? `'m' || lpad(:n::text, 6, '0')` : literal(params[Number(k) - 1]),
  )};\n`;

async function pgbench(name: string, url: string, script: string) {
  const file = join(tmpdir(), `mc-plan-${randomUUID()}.sql`);
  writeFileSync(file, script);
  const args = ['-n', '-M', 'prepared', '-c', '32', '-j', '2', '-T', String(seconds), '-f', file, url];
  const { stdout } = await promisify(execFile)('pgbench', args);
  const tps = Number(/tps = ([\d.]+)/.exec(stdout)?.[1] ?? Number.NaN);
  console.log(`${name.padEnd(44)} ${tps.toFixed(0).padStart(7)} tx/s  (load ${loadavg()[0]!.toFixed(1)})`);
  return tps;
}

async function main() {
  const scratch = await scratchDatabase(adminUrl, 'mc_plan');
  let db: Database | undefined;
  try {
    db = await openDatabase({ url: scratch.url });
    const program = await createProgram(db, { name: 'Plan', currency: 'CNY', pointsExpiryMonths: 1 });
    await db.query(
      `INSERT INTO members (program_id, customer_id, balance, lifetime_earned, referral_code)
       SELECT $1, 'm' || lpad(i::text, 6, '0'), 100000, 100000, 'PLAN' || i FROM generate_series(1, $2) AS i`,
      [program.id, MEMBERS],
    );
    const now = new Date();
    for (let i = 0; i < 20; i++) {
      await placeOrder(db, program, 'buyer', { orderId: `o${i}`, total: { amount: 1000 + i, currency: 'CNY' } }, now);
    }
    await db.query('ANALYZE');
    const explain = async (label: string, customerId: string) => {
      const { sql, params } = summaryQuery(program, { customerId }, new Date());
      const plan = await db!.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, COSTS OFF) ${sql}`, params);
      console.log(`\n--- ${label}\n${plan.map((r) => r['QUERY PLAN']).join('\n')}`);
    };
    await explain('a member with no orders (as in bench:api)', 'm000001');
    await explain('a member with 20 orders and points expiring', 'buyer');
    console.log('');
    const at = new Date();
    const after = summaryQuery(program, { customerId: 'm000001' }, at);
    const old = summaryQuery({ ...program, check_in_points: 0 }, { customerId: 'm000001' }, at);
    const scripts = {
      select: pgbenchScript('SELECT id, balance FROM members WHERE program_id = $1 AND customer_id = $2', [program.id]),
      before: pgbenchScript(beforeSql(program.tier_basis), [...old.params.slice(0, 6), old.params[11]]),
      after: pgbenchScript(after.sql, after.params),
    };
    const ratios: string[] = [];
    for (let round = 1; round <= 3; round++) {
      const select = await pgbench(`r${round} one-member SELECT`, scratch.url, scripts.select);
      const before = await pgbench(`r${round} summary statement before`, scratch.url, scripts.before);
      const now = await pgbench(`r${round} summary statement now`, scratch.url, scripts.after);
      ratios.push(
        `r${round} before ${((before / select) * 100).toFixed(1)} %, now ${((now / select) * 100).toFixed(1)} %`,
      );
    }
    // The member with orders: every part is read (by the functions, or the sub-queries before).
    const buyer = (script: string) => script.replace("'m' || lpad(:n::text, 6, '0')", "'buyer'");
    const buyerBefore = await pgbench('summary statement before, 20-order member', scratch.url, buyer(scripts.before));
    const buyerNow = await pgbench('summary statement now, 20-order member', scratch.url, buyer(scripts.after));
    console.log(`\nsummary statement / one-member SELECT (no-order members):\n${ratios.join('\n')}`);
    console.log(`20-order member: now / before ${((buyerNow / buyerBefore) * 100).toFixed(1)} %`);
  } finally {
    await db?.close();
    if (process.env.SUMMARY_PLAN_KEEP) console.log(`kept: ${scratch.url}`);
    else await scratch.drop(500);
  }
}

await main();
