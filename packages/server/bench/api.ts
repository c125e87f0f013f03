/**
 * `pnpm bench:api`: how many redemptions and reads per second the HTTP API sustains on
 * PostgreSQL, against yardsticks measured in the same run: a Hono route doing one `SELECT`
 * (served the same way as the API), pgbench's minimal conditional-UPDATE redemption, and the
 * same redemption straight from Node.
 *
 * One run: a fresh database `mc_bench_<random>` → seed → the API in a child process →
 * autocannon scenarios (hot member, 10,000 members, GET /v1/me, GET /v1/program) → the
 * yardstick routes in a child process of their own → pgbench → the same redemption without
 * HTTP (a minimal SQL transaction, and the server's own `redeemOnce`) → summary with the
 * budgets' ratios → the ledger check → drop the database. Tunables (env): DATABASE_URL, BENCH_CONNECTIONS (32), BENCH_DURATION (10 s),
 * BENCH_WARMUP (2 s), BENCH_MEMBERS (10000), DATABASE_POOL_SIZE (20, as the server's default),
 * BENCH_CPU_PROF (a folder for a CPU profile of the API process), BENCH_ONLY (scenarios whose name
 * contains one of these comma-separated words), BENCH_PGLITE=off (skip the PGlite figures that
 * bench/pglite.ts prints at the end).
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import autocannon from 'autocannon';
import pg from 'pg';
import { redeemOnce } from '../src/commands/redemptions.js';
import type { Database } from '../src/db/database.js';
import { createProgram, openDatabase, signMemberToken } from '../src/index.js';
import type { ProgramRow } from '../src/kernel/programs.js';
import { findMember, type MemberRow } from '../src/ledger/members.js';
import { scratchDatabase } from '../test/scratch-database.js';

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const config = {
  adminUrl: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
  connections: env('BENCH_CONNECTIONS', 32),
  duration: env('BENCH_DURATION', 10),
  warmup: env('BENCH_WARMUP', 2),
  members: env('BENCH_MEMBERS', 10_000),
  poolSize: env('DATABASE_POOL_SIZE', 20),
  /** BENCH_ONLY=me,select,…: run only the scenarios whose name contains one of these words (profiling). */
  only: (process.env.BENCH_ONLY ?? '').split(',').filter(Boolean),
};
/** Whether the scenario `name` runs in this run (all of them unless BENCH_ONLY narrows it). */
const wanted = (name: string) => config.only.length === 0 || config.only.some((w) => name.toLowerCase().includes(w));
/** Cost of the bench reward, and what each member gets: far more than any run can spend. */
const COST = 1;
const SPREAD_POINTS = 100_000;
const HOT_POINTS = 100_000_000;
/** Member tokens must outlive the run (the API refuses tokens living over 24 h). */
const TOKEN_TTL_S = 6 * 60 * 60;

interface Measurement {
  scenario: string;
  driver: string;
  /** Successful operations per second. */
  rate: number;
  p50: number;
  p99: number;
  /** Non-2xx responses, socket errors and timeouts (HTTP); failed transactions (direct). */
  failures: number;
  /**
   * HTTP: CPU time of the server process per response (µs, user + system, /proc), the figure the
   * load of a shared machine moves least: on 2 cores the one API process is what saturates first.
   */
  serverCpuUs?: number;
}

interface Fixture {
  program: ProgramRow;
  rewardId: string;
  hot: MemberRow;
  spread: MemberRow[];
}

/**
 * The program, its reward and the 10,000 spread members. The members are bulk-inserted (an
 * HTTP call each would take longer than the bench), each with one 'adjustment' ledger entry
 * and its point lot, so that balance = sum of the ledger = sum of the open lots, as the API keeps it.
 */
async function seed(db: Database): Promise<Omit<Fixture, 'hot'>> {
  const program = await createProgram(db, { name: 'Bench', currency: 'CNY' });
  const [reward] = await db.query<{ id: string }>(
    'INSERT INTO rewards (program_id, name, cost, stock) VALUES ($1, $2, $3, NULL) RETURNING id',
    [program.id, 'Bench coupon', COST],
  );
  const spread = await db.query<MemberRow>(
    `INSERT INTO members (program_id, customer_id, balance, lifetime_earned, referral_code)
     SELECT $1, 'm' || lpad(i::text, 6, '0'), $3, $3, 'BENCH' || i FROM generate_series(1, $2) AS i
     RETURNING id, program_id, customer_id, name, email, NULL AS birthday, balance, lifetime_earned,
       referral_code, created_at`,
    [program.id, config.members, SPREAD_POINTS],
  );
  await db.query(
    `INSERT INTO ledger_entries (program_id, member_id, type, points, balance_after, description)
     SELECT program_id, id, 'adjustment', balance, balance, 'Bench seed' FROM members WHERE program_id = $1`,
    [program.id],
  );
  // …and the point lot each credit opens, which redemptions consume oldest first.
  await db.query(
    `INSERT INTO point_lots (program_id, member_id, entry_id, points, remaining, earned_at)
     SELECT program_id, member_id, id, points, points, created_at FROM ledger_entries WHERE program_id = $1`,
    [program.id],
  );
  await db.query('ANALYZE');
  return { program, rewardId: reward!.id, spread };
}

// ---------------------------------------------------------------------------------------
// The API in its own process (on 2 cores, in-process autocannon would share its event loop).

interface Child {
  url: string;
  process: ChildProcess;
}

async function startChildServer(
  databaseUrl: string,
  script = './serve.ts',
  extraEnv: NodeJS.ProcessEnv = {},
): Promise<Child> {
  // BENCH_CPU_PROF=<dir>: a V8 CPU profile of the API process (open it in Chrome DevTools).
  const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  const serve = fileURLToPath(new URL(script, import.meta.url));
  const child = spawn(process.execPath, [...profile, '--conditions=@member-center/source', '--import', 'tsx', serve], {
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    env: { ...process.env, DATABASE_URL: databaseUrl, DATABASE_POOL_SIZE: String(config.poolSize), ...extraEnv },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let buffered = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const line = buffered.split('\n')[0];
      if (buffered.includes('\n')) resolve((JSON.parse(line!) as { url: string }).url);
    });
    child.once('exit', (code) => reject(new Error(`The API process exited (code ${code}) before listening.`)));
  });
  serverPids.set(url, child.pid!);
  return { url, process: child };
}

/** The pid of the server process at each base URL: its CPU time is read around each measured run. */
const serverPids = new Map<string, number>();

/** CPU time (user + system, ms) used so far by process `pid`, from /proc (Linux); NaN elsewhere. */
function cpuMs(pid: number | undefined) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // clock ticks of 10 ms
  } catch {
    return Number.NaN;
  }
}

async function stopChildServer(child: Child) {
  if (child.process.exitCode !== null) return;
  const exited = once(child.process, 'exit');
  child.process.kill('SIGTERM');
  await exited;
}

async function api(url: string, init: RequestInit & { json?: unknown }) {
  const response = await fetch(url, {
    ...init,
    headers: { 'Content-Type': 'application/json', ...init.headers },
    body: init.json === undefined ? null : JSON.stringify(init.json),
  });
  if (!response.ok) throw new Error(`${init.method} ${url}: ${response.status} ${await response.text()}`);
  return response.json() as Promise<Record<string, unknown>>;
}

/** The hot member earns its points through the API itself: a smoke test of the child too. */
async function createHotMember(base: string, db: Database, program: ProgramRow) {
  await api(`${base}/v1/members/hot/adjustments`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${program.secret_key}`, 'Idempotency-Key': randomUUID() },
    json: { points: HOT_POINTS, reason: 'Bench: enough points for the whole run' },
  });
  return (await findMember(db, program.id, 'hot'))!;
}

// ---------------------------------------------------------------------------------------
// HTTP scenarios with autocannon.

type Headers = Record<string, string>;

/**
 * Runs autocannon for the warm-up (discarded: JIT, pool connections) and then the measure.
 * `perRequest` gives each request its headers (a fresh Idempotency-Key, the next token).
 */
async function http(
  scenario: string,
  base: string,
  { method, path, body }: { method: string; path: string; body?: string },
  perRequest: () => Headers,
  pathFor?: () => string,
) {
  if (!wanted(`${scenario} · HTTP`)) return;
  const run = (duration: number) =>
    autocannon({
      url: base,
      connections: config.connections,
      duration,
      requests: [
        {
          method,
          path,
          ...(body && { body }),
          setupRequest: (request) => ({
            ...request,
            ...(pathFor && { path: pathFor() }),
            headers: { ...request.headers, ...perRequest() },
          }),
        },
      ],
    });
  if (config.warmup > 0) await run(config.warmup);
  const cpuBefore = cpuMs(serverPids.get(base));
  const r = await run(config.duration);
  const serverCpu = cpuMs(serverPids.get(base)) - cpuBefore;
  const failures = r.non2xx + r.errors + r.timeouts;
  if (failures > 0) console.warn(`  ${scenario}: status codes ${JSON.stringify(r.statusCodeStats)}`);
  return report({
    scenario,
    driver: 'HTTP',
    rate: r['2xx'] / r.duration,
    p50: r.latency.p50,
    p99: r.latency.p99,
    failures,
    serverCpuUs: (1000 * serverCpu) / Math.max(1, r.non2xx + r['2xx']),
  });
}

function memberHeaders(program: ProgramRow, tokens: string[]) {
  let next = 0; // round-robin: every member in turn, so no two requests in flight share a row
  return (): Headers => ({
    'Content-Type': 'application/json',
    'X-Publishable-Key': program.publishable_key,
    Authorization: `Bearer ${tokens[next++ % tokens.length]}`,
  });
}

const withIdempotencyKey = (headers: () => Headers) => (): Headers => ({
  ...headers(),
  'Idempotency-Key': randomUUID(),
});

// ---------------------------------------------------------------------------------------
// The same redemption without HTTP: what PostgreSQL alone allows from Node.

/**
 * Runs `op` in `config.connections` concurrent loops for `seconds`; counts, times, fails.
 * The same concurrency as autocannon, so both face the same lock queue on the hot row.
 */
async function closedLoop(seconds: number, op: (i: number) => Promise<unknown>) {
  const latencies: number[] = [];
  let failures = 0;
  let next = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  const worker = async () => {
    while (performance.now() < deadline) {
      const t0 = performance.now();
      try {
        await op(next++);
        latencies.push(performance.now() - t0);
      } catch (error) {
        if (failures++ === 0) console.warn(`  first failure: ${(error as Error).message}`);
      }
    }
  };
  await Promise.all(Array.from({ length: config.connections }, worker));
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return { rate: latencies.length / elapsed, p50: at(0.5), p99: at(0.99), failures };
}

async function direct(scenario: string, driver: string, op: (i: number) => Promise<unknown>) {
  if (!wanted(`${scenario} · ${driver}`)) return;
  if (config.warmup > 0) await closedLoop(config.warmup, op);
  return report({ scenario, driver, ...(await closedLoop(config.duration, op)) });
}

/**
 * The redemption reduced to its writes, as the brief for this bench describes it: the key, a
 * savepoint, the conditional debit (the row lock every hot-member transaction queues on), the
 * ledger entry, the redemption, the stored response. No reads, no auth: the floor of the cost.
 */
function minimalRedemption(pool: pg.Pool, f: Fixture, members: MemberRow[]) {
  return async (i: number) => {
    const member = members[i % members.length]!;
    const scope = [f.program.id, `member:${member.id}`, randomUUID()];
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(
        `INSERT INTO idempotency_keys (program_id, scope, key, request_hash) VALUES ($1, $2, $3, $4)
         ON CONFLICT DO NOTHING RETURNING 1`,
        [...scope, 'bench'],
      );
      await client.query('SAVEPOINT effect');
      const debit = await client.query<{ balance: string }>(
        'UPDATE members SET balance = balance - $2 WHERE id = $1 AND balance >= $2 RETURNING balance',
        [member.id, COST],
      );
      if (debit.rowCount !== 1) throw new Error('insufficient_points');
      const id = randomUUID();
      await client.query(
        `INSERT INTO ledger_entries (program_id, member_id, type, points, balance_after, description, redemption_id)
         VALUES ($1, $2, 'redemption', $3, $4, 'Bench coupon', $5)`,
        [f.program.id, member.id, -COST, debit.rows[0]!.balance, id],
      );
      const code = randomBytes(6).toString('hex');
      await client.query(
        `INSERT INTO redemptions (id, program_id, member_id, reward_id, reward_name, points, code)
         VALUES ($1, $2, $3, $4, 'Bench coupon', $5, $6)`,
        [id, f.program.id, member.id, f.rewardId, COST, code],
      );
      // By the whole primary key: by (program, key) alone it matched no row and scanned every key of the program.
      await client.query(
        'UPDATE idempotency_keys SET status = 201, response = $4 WHERE program_id = $1 AND scope = $2 AND key = $3',
        [...scope, JSON.stringify({ redemption: { id, code }, points: { balance: debit.rows[0]!.balance } })],
      );
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    } finally {
      client.release();
    }
  };
}

/**
 * pgbench's minimal conditional-UPDATE redemption on the same database: the debit that cannot
 * overdraw, its ledger entry and the coupon, in one transaction of prepared statements, from
 * as many clients as autocannon has connections. What PostgreSQL itself allows on this
 * machine for a redemption: the yardstick of the redemption budgets.
 */
async function pgbench(scenario: string, url: string, f: Fixture, customer: string | null) {
  if (!wanted(`${scenario} · pgbench`)) return;
  const member = customer ? `'${customer}'` : `'m' || lpad(:n::text, 6, '0')`;
  const script = join(tmpdir(), `mc-bench-${randomUUID()}.sql`);
  writeFileSync(
    script,
    `\\set n random(1, ${config.members})
BEGIN;
UPDATE members SET balance = balance - ${COST} WHERE program_id = :prog AND customer_id = ${member} AND balance >= ${COST} RETURNING id AS member, balance \\gset
INSERT INTO ledger_entries (program_id, member_id, type, points, balance_after, description) VALUES (:prog, :member, 'redemption', -${COST}, :balance, 'Bench coupon');
INSERT INTO redemptions (program_id, member_id, reward_id, reward_name, points, code) VALUES (:prog, :member, :reward, 'Bench coupon', ${COST}, md5(random()::text));
END;
`,
  );
  const run = async (seconds: number) => {
    const args = ['-n', '-M', 'prepared', '-c', String(config.connections), '-j', '2', '-T', String(seconds)];
    const vars = ['-D', `prog=${f.program.id}`, '-D', `reward=${f.rewardId}`];
    const { stdout } = await promisify(execFile)('pgbench', [...args, ...vars, '-f', script, url]);
    const figure = (pattern: RegExp) => Number(pattern.exec(stdout)?.[1] ?? Number.NaN);
    return {
      rate: figure(/tps = ([\d.]+)/),
      latency: figure(/latency average = ([\d.]+) ms/),
      failures: figure(/number of failed transactions: (\d+)/) || 0,
    };
  };
  try {
    if (config.warmup > 0) await run(config.warmup);
    const r = await run(config.duration);
    // pgbench gives an average latency, not percentiles: it stands in the p50 column.
    return report({ scenario, driver: 'pgbench', rate: r.rate, p50: r.latency, p99: Number.NaN, failures: r.failures });
  } finally {
    rmSync(script, { force: true });
  }
}

/** The server's own transaction (the reads it does before the debit included), minus HTTP and auth. */
function domainRedemption(db: Database, f: Fixture, members: MemberRow[]) {
  return async (i: number) => {
    const outcome = await redeemOnce(db, f.program, members[i % members.length]!, f.rewardId, randomUUID(), new Date());
    if (outcome.status !== 201) throw new Error(`redeemOnce answered ${outcome.status}`);
  };
}

// ---------------------------------------------------------------------------------------
// Reporting.

const results: Measurement[] = [];

/** The 1-minute load average: on a shared 2-core machine, other work skews every figure. */
const load = () => loadavg()[0]!.toFixed(1);

function report(m: Measurement) {
  results.push(m);
  console.log(
    `  ${m.scenario} · ${m.driver}: ${m.rate.toFixed(0)}/s, p50 ${m.p50.toFixed(1)} ms, p99 ${m.p99.toFixed(1)} ms, ` +
      `failures ${m.failures}${m.serverCpuUs === undefined ? '' : `, server CPU ${m.serverCpuUs.toFixed(0)} µs/response`} (load ${load()})`,
  );
  return m;
}

function printSummary() {
  const rows = [
    ['scenario', 'driver', 'ops/s', 'p50 ms', 'p99 ms', 'non-2xx/failed', 'server CPU µs/resp'],
    ...results.map((m) => [
      m.scenario,
      m.driver,
      m.rate.toFixed(0),
      m.p50.toFixed(1),
      Number.isNaN(m.p99) ? '–' : m.p99.toFixed(1),
      String(m.failures),
      m.serverCpuUs === undefined ? '–' : m.serverCpuUs.toFixed(0),
    ]),
  ];
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  const line = (r: string[]) => r.map((cell, c) => (c < 2 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!)));
  console.log(
    `\nSummary (${config.connections} connections, ${config.duration} s each, pool ${config.poolSize}, Node ${process.version})`,
  );
  console.log(line(rows[0]!).join('  '));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows.slice(1)) console.log(line(r).join('  '));

  const rate = (scenario: string, driver: string) =>
    results.find((m) => m.scenario === scenario && m.driver === driver)?.rate ?? 0;
  const pct = (a: number, b: number) => (b > 0 ? `${((100 * a) / b).toFixed(1)}%` : 'n/a');
  console.log(`\nBudgets (issue 10), this run, load ${load()}:`);
  const budget = (what: string, a: number, b: number, aim: number) =>
    console.log(`  ${what}: ${pct(a, b)} (aim ≥ ${aim}%)${b > 0 && (100 * a) / b >= aim ? '' : '  ← below'}`);
  budget('GET /v1/me / one-SELECT route', rate(ME, 'HTTP'), rate(SELECT, 'HTTP'), 50);
  budget(`${SPREAD} · HTTP / pgbench`, rate(SPREAD, 'HTTP'), rate(SPREAD, 'pgbench'), 50);
  budget(`${HOT} · HTTP / pgbench`, rate(HOT, 'HTTP'), rate(HOT, 'pgbench'), 60);
  console.log(
    `  (GET /v1/program / one-SELECT route: ${pct(rate(PROGRAM, 'HTTP'), rate(SELECT, 'HTTP'))}; ` +
      `one-SELECT route / hello world: ${pct(rate(SELECT, 'HTTP'), rate(HELLO, 'HTTP'))})`,
  );

  console.log(
    `  (GET /v1/me with the rate limits in PostgreSQL / without: ${pct(rate(ME_LIMITED, 'HTTP'), rate(ME, 'HTTP'))}; ` +
      'every other HTTP figure is with the limiter off)',
  );

  console.log('\nHTTP as a share of the same transaction without HTTP');
  for (const scenario of new Set(results.filter((m) => m.driver !== 'HTTP').map((m) => m.scenario))) {
    const of = (driver: string) => rate(scenario, driver);
    console.log(
      `  ${scenario}: HTTP / raw SQL = ${pct(of('HTTP'), of('raw SQL'))}` +
        `, HTTP / redeemOnce() = ${pct(of('HTTP'), of('redeemOnce()'))}` +
        `, redeemOnce() / raw SQL = ${pct(of('redeemOnce()'), of('raw SQL'))}` +
        `, raw SQL / pgbench = ${pct(of('raw SQL'), of('pgbench'))}`,
    );
  }
}

// ---------------------------------------------------------------------------------------

const HOT = 'redeem, 1 hot member';
const SPREAD = `redeem, ${config.members} members`;
const ME = 'GET /v1/me';
const ME_LIMITED = 'GET /v1/me, rate limits in PostgreSQL';
/** A bucket no run reaches: every request pays for the check, none is refused. */
const NEVER_REFUSED = '1000000000/60';
const PROGRAM = 'GET /v1/program';
const SELECT = 'one-SELECT Hono route';
const HELLO = 'hello-world Hono route';

async function main() {
  console.log(`Creating a bench database on ${new URL(config.adminUrl).host} (load ${load()})…`);
  // A database of its own per run, so runs never see each other's rows.
  const bench = await scratchDatabase(config.adminUrl, 'mc_bench');
  let db: Database | undefined;
  let child: Child | undefined;
  let pool: pg.Pool | undefined;
  try {
    db = await openDatabase({ url: bench.url }); // migrates the fresh database
    const seeded = await seed(db);
    child = await startChildServer(bench.url);
    const f: Fixture = { ...seeded, hot: await createHotMember(child.url, db, seeded.program) };
    const sign = (sub: string) => signMemberToken(f.program.secret_key, sub, { ttl: TOKEN_TTL_S });
    const hotToken = [await sign('hot')];
    const spreadTokens = await Promise.all(f.spread.map((m) => sign(m.customer_id)));
    console.log(`Database ${bench.name} seeded; API at ${child.url}.\n`);

    const redeem = { method: 'POST', path: '/v1/me/redemptions', body: JSON.stringify({ rewardId: f.rewardId }) };
    console.log('Over HTTP (autocannon → API process → PostgreSQL; rate limits off, checkResponses off):');
    await http(HOT, child.url, redeem, withIdempotencyKey(memberHeaders(f.program, hotToken)));
    await http(SPREAD, child.url, redeem, withIdempotencyKey(memberHeaders(f.program, spreadTokens)));
    await http(ME, child.url, { method: 'GET', path: '/v1/me' }, memberHeaders(f.program, spreadTokens));
    await http(PROGRAM, child.url, { method: 'GET', path: '/v1/program' }, () => ({
      'X-Publishable-Key': f.program.publishable_key,
    }));
    await stopChildServer(child); // idle anyway, but its pool's connections would count against PostgreSQL

    // The scenarios above run with the rate limiter off; production's default on PostgreSQL keeps
    // the buckets in the database (one more statement per request). Its cost, with limits no
    // request reaches:
    if (wanted(`${ME_LIMITED} · HTTP`)) {
      const limited = await startChildServer(bench.url, './serve.ts', {
        BENCH_RATE_LIMITS: 'on',
        RATE_LIMIT_STORE: 'postgres',
        RATE_LIMIT_MEMBER: NEVER_REFUSED,
        RATE_LIMIT_GUEST: NEVER_REFUSED,
      });
      try {
        await http(ME_LIMITED, limited.url, { method: 'GET', path: '/v1/me' }, memberHeaders(f.program, spreadTokens));
      } finally {
        await stopChildServer(limited);
      }
    }

    console.log('Yardsticks over HTTP (autocannon → a Hono process served the same way → PostgreSQL):');
    const yardstick = await startChildServer(bench.url, './baseline-serve.ts');
    try {
      await http(HELLO, yardstick.url, { method: 'GET', path: '/hello' }, () => ({}));
      let next = 0;
      const select = () => `/select?p=${f.program.id}&c=${f.spread[next++ % f.spread.length]!.customer_id}`;
      await http(SELECT, yardstick.url, { method: 'GET', path: '/select' }, () => ({}), select);
    } finally {
      await stopChildServer(yardstick);
    }

    console.log('pgbench (the minimal conditional-UPDATE redemption, prepared statements):');
    await pgbench(HOT, bench.url, f, 'hot');
    await pgbench(SPREAD, bench.url, f, null);

    console.log('Without HTTP, from this process (the limit):');
    pool = new pg.Pool({ connectionString: bench.url, max: config.poolSize });
    await direct(HOT, 'raw SQL', minimalRedemption(pool, f, [f.hot]));
    await direct(SPREAD, 'raw SQL', minimalRedemption(pool, f, f.spread));
    await direct(HOT, 'redeemOnce()', domainRedemption(db, f, [f.hot]));
    await direct(SPREAD, 'redeemOnce()', domainRedemption(db, f, f.spread));

    await checkLedger(db, f.program.id);
    printSummary();
  } finally {
    if (child) await stopChildServer(child);
    await pool?.end();
    await db?.close();
    await bench.drop(5000);
    console.log(`\nDropped ${bench.name}.`);
  }
}

/** Every member's balance must still equal the sum of its ledger, after all that. */
async function checkLedger(db: Database, programId: string) {
  const [row] = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM members m
     WHERE program_id = $1 AND balance <> (SELECT coalesce(sum(points), 0) FROM ledger_entries WHERE member_id = m.id)`,
    [programId],
  );
  console.log(`\nLedger check: ${row!.n === 0 ? 'every balance equals its ledger sum' : `${row!.n} members differ!`}`);
}

await main();

// The same figures on PGlite (bench/pglite.ts: in one process, as PGlite can only be used),
// unless BENCH_PGLITE=off.
if (process.env.BENCH_PGLITE !== 'off' && config.only.length === 0) {
  console.log('\n--- PGlite (bench/pglite.ts) ---');
  const child = spawn(
    process.execPath,
    ['--conditions=@member-center/source', '--import', 'tsx', fileURLToPath(new URL('./pglite.ts', import.meta.url))],
    { cwd: fileURLToPath(new URL('..', import.meta.url)), stdio: 'inherit' },
  );
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) process.exitCode = code ?? 1;
}
