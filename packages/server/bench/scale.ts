/**
 * `pnpm --filter @member-center/server bench:scale`: what a second API process buys, what the
 * shared rate limiter costs, and what PgBouncer changes — each as a ratio against one API process
 * without a limiter (the baseline), measured right before it in the same run: on a shared
 * machine the load moves within minutes, and a pair measured seconds apart sees the same load.
 *
 * One run: a fresh database `mc_bench_<random>` → seed → for each setup (1 or 2 API processes of
 * bench/serve.ts; rate limits off, in PostgreSQL or in Redis; straight to PostgreSQL or through
 * a PgBouncer started here in transaction mode) autocannon on GET /v1/me and on a redemption,
 * its connections split over the processes → one limiter take timed without HTTP → a probe of
 * named prepared statements through PgBouncer → summary → everything stopped, the database dropped.
 * Only 127.0.0.1. Tunables (env): DATABASE_URL, REDIS_URL (redis://127.0.0.1:6379),
 * BENCH_CONNECTIONS (32), BENCH_DURATION (5 s), BENCH_WARMUP (1 s), BENCH_MEMBERS (2000), BENCH_ROUNDS (3),
 * DATABASE_POOL_SIZE (20), PGBOUNCER (the binary; /usr/sbin/pgbouncer, else on PATH).
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';
import type { Database } from '../src/db/database.js';
import { RedisStore } from '../src/http/rate-limit-redis.js';
import { type BucketRule, PostgresStore, type RateLimitStore } from '../src/http/rate-limit-store.js';
import { createProgram, openDatabase, signMemberToken } from '../src/index.js';
import type { MemberRow } from '../src/ledger/members.js';
import { scratchDatabase } from '../test/scratch-database.js';

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const config = {
  adminUrl: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
  redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  connections: env('BENCH_CONNECTIONS', 32),
  duration: env('BENCH_DURATION', 5),
  warmup: env('BENCH_WARMUP', 1),
  members: env('BENCH_MEMBERS', 2000),
  /** Baseline-then-setup pairs per setup and route; the summary gives their median ratio. */
  rounds: env('BENCH_ROUNDS', 3),
  poolSize: env('DATABASE_POOL_SIZE', 20),
  pgbouncer: process.env.PGBOUNCER ?? (existsSync('/usr/sbin/pgbouncer') ? '/usr/sbin/pgbouncer' : 'pgbouncer'),
};
const TOKEN_TTL_S = 6 * 60 * 60;
/** Limits far above what a run sends: every request pays for the check, none is refused. */
const NEVER_REFUSED = '1000000000/60';

type Limiter = 'off' | 'postgres' | 'redis';
interface Setup {
  processes: 1 | 2;
  limiter: Limiter;
  via: 'direct' | 'pgbouncer';
}
/** The baseline: its process runs all along, and is measured again before each setup. */
const BASELINE: Setup = { processes: 1, limiter: 'off', via: 'direct' };
const SETUPS: Setup[] = [
  { processes: 2, limiter: 'off', via: 'direct' },
  { processes: 1, limiter: 'postgres', via: 'direct' },
  { processes: 2, limiter: 'postgres', via: 'direct' },
  { processes: 1, limiter: 'redis', via: 'direct' },
  { processes: 2, limiter: 'redis', via: 'direct' },
  { processes: 1, limiter: 'off', via: 'pgbouncer' },
  { processes: 2, limiter: 'off', via: 'pgbouncer' },
  { processes: 2, limiter: 'postgres', via: 'pgbouncer' },
];
const describeSetup = (s: Setup) =>
  `${s.processes} process${s.processes > 1 ? 'es' : ''}, limiter ${s.limiter}${s.via === 'pgbouncer' ? ', PgBouncer' : ''}`;

/** The 1-minute load average: on a shared 2-core machine, other work skews every figure. */
const load = () => loadavg()[0]!.toFixed(1);

/** A port free right now on 127.0.0.1. */
async function freePort() {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

// ---------------------------------------------------------------------------------------
// Seed: a program, a cheap reward, members with far more points than a run can spend.

async function seed(db: Database) {
  const program = await createProgram(db, { name: 'Scale bench', currency: 'CNY' });
  const [reward] = await db.query<{ id: string }>(
    'INSERT INTO rewards (program_id, name, cost, stock) VALUES ($1, $2, 1, NULL) RETURNING id',
    [program.id, 'Bench coupon'],
  );
  // Bulk-inserted as bench/api.ts does: balance = the one adjustment entry = the one open lot.
  const members = await db.query<MemberRow>(
    `INSERT INTO members (program_id, customer_id, balance, lifetime_earned, referral_code)
     SELECT $1, 'm' || i, 100000, 100000, 'SCALE' || i FROM generate_series(1, $2) AS i RETURNING *`,
    [program.id, config.members],
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
  await db.query('ANALYZE');
  const tokens = await Promise.all(
    members.map((m) => signMemberToken(program.secret_key, m.customer_id, { ttl: TOKEN_TTL_S })),
  );
  return { program, rewardId: reward!.id, tokens };
}

// ---------------------------------------------------------------------------------------
// API processes (bench/serve.ts) and PgBouncer.

interface Child {
  url: string;
  process: ChildProcess;
}

async function startApi(databaseUrl: string, limiter: Limiter): Promise<Child> {
  const limits =
    limiter === 'off'
      ? {}
      : {
          BENCH_RATE_LIMITS: 'on',
          RATE_LIMIT_STORE: limiter,
          ...(limiter === 'redis' && { REDIS_URL: config.redisUrl }),
          RATE_LIMIT_MEMBER: NEVER_REFUSED,
          RATE_LIMIT_REDEMPTIONS: NEVER_REFUSED,
          RATE_LIMIT_MERCHANT: NEVER_REFUSED,
        };
  const child = spawn(
    process.execPath,
    ['--conditions=@member-center/source', '--import', 'tsx', fileURLToPath(new URL('./serve.ts', import.meta.url))],
    {
      cwd: fileURLToPath(new URL('..', import.meta.url)),
      env: { ...process.env, DATABASE_URL: databaseUrl, DATABASE_POOL_SIZE: String(config.poolSize), ...limits },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let buffered = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      if (buffered.includes('\n')) resolve((JSON.parse(buffered.split('\n')[0]!) as { url: string }).url);
    });
    child.once('exit', (code) => reject(new Error(`An API process exited (code ${code}) before listening.`)));
  });
  return { url, process: child };
}

async function stopApi(child: Child) {
  if (child.process.exitCode !== null) return;
  const exited = once(child.process, 'exit');
  child.process.kill('SIGTERM');
  await exited;
}

/** PgBouncer's version line, e.g. `PgBouncer 1.18.0`. */
const pgbouncerVersion = () => execFileSync(config.pgbouncer, ['--version']).toString().split('\n')[0]!.trim();

/**
 * A PgBouncer in transaction mode in a temp folder, in front of the bench's PostgreSQL, with as
 * many server connections as one API process's pool: two processes then share them.
 * `max_prepared_statements` is set for versions that know it (≥ 1.21).
 */
async function startPgBouncer(databaseUrl: string) {
  const dir = mkdtempSync(join(tmpdir(), 'mc-pgbouncer-'));
  const target = new URL(databaseUrl);
  const port = await freePort();
  const [major, minor] = (/(\d+)\.(\d+)/.exec(pgbouncerVersion()) ?? []).slice(1).map(Number);
  const preparedStatements = major! > 1 || (major === 1 && minor! >= 21);
  const root = process.getuid?.() === 0;
  writeFileSync(join(dir, 'userlist.txt'), `"${decodeURIComponent(target.username)}" ""\n`);
  writeFileSync(
    join(dir, 'pgbouncer.ini'),
    [
      '[databases]',
      `* = host=${target.hostname} port=${target.port || 5432}`,
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${port}`,
      'unix_socket_dir =',
      'auth_type = trust',
      `auth_file = ${join(dir, 'userlist.txt')}`,
      'pool_mode = transaction',
      `default_pool_size = ${config.poolSize}`,
      'max_client_conn = 1000',
      // Clients such as JDBC send these at start-up; PgBouncer would refuse the connection.
      'ignore_startup_parameters = extra_float_digits,options',
      ...(preparedStatements ? ['max_prepared_statements = 200'] : []),
      // PgBouncer refuses to run as root; as root it can switch to the postgres user itself.
      ...(root ? ['user = postgres'] : []),
    ].join('\n'),
  );
  const child = spawn(config.pgbouncer, [join(dir, 'pgbouncer.ini')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const url = new URL(databaseUrl);
  url.host = `127.0.0.1:${port}`;
  for (let waited = 0; ; waited += 100) {
    const client = new pg.Client({ connectionString: url.toString() });
    try {
      await client.connect();
      await client.query('SELECT 1');
      await client.end();
      break;
    } catch (error) {
      await client.end().catch(() => {});
      if (waited > 5000 || child.exitCode !== null)
        throw new Error(`PgBouncer did not start: ${(error as Error).message}\n${stderr}`);
      await sleep(100);
    }
  }
  return {
    url: url.toString(),
    preparedStatements,
    async stop() {
      if (child.exitCode === null) {
        const exited = once(child, 'exit');
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// ---------------------------------------------------------------------------------------
// Load: autocannon per process, the connections split between them, run side by side.

interface Measurement {
  route: string;
  setup: Setup;
  /** The baseline measured just before, for the same route (absent on the baseline itself). */
  baseline?: Measurement;
  rate: number;
  p50: number;
  p99: number;
  failures: number;
  load: string;
}
/** Each setup and route: its rounds, each with the baseline measured just before it. */
const paired: Measurement[][] = [];

type Headers = Record<string, string>;

async function loadAcross(
  urls: string[],
  request: { method: string; path: string; body?: string },
  perRequest: () => Headers,
  seconds: number,
) {
  const runs = await Promise.all(
    urls.map((url) =>
      autocannon({
        url,
        connections: Math.max(1, Math.round(config.connections / urls.length)),
        duration: seconds,
        requests: [
          {
            ...request,
            setupRequest: (r) => ({ ...r, headers: { ...r.headers, ...perRequest() } }),
          },
        ],
      }),
    ),
  );
  return {
    // Each run's own duration: the side-by-side runs start a few ms apart.
    rate: runs.reduce((sum, r) => sum + r['2xx'] / r.duration, 0),
    // The slower process's latencies: what a caller behind round robin can get.
    p50: Math.max(...runs.map((r) => r.latency.p50)),
    p99: Math.max(...runs.map((r) => r.latency.p99)),
    failures: runs.reduce((sum, r) => sum + r.non2xx + r.errors + r.timeouts, 0),
    statusCodes: runs.map((r) => r.statusCodeStats),
  };
}

async function measure(
  route: string,
  setup: Setup,
  urls: string[],
  request: { method: string; path: string; body?: string },
  perRequest: () => Headers,
  baseline?: Measurement,
) {
  if (config.warmup > 0) await loadAcross(urls, request, perRequest, config.warmup);
  const r = await loadAcross(urls, request, perRequest, config.duration);
  if (r.failures > 0) console.warn(`    status codes: ${JSON.stringify(r.statusCodes)}`);
  const m: Measurement = {
    route,
    setup,
    ...(baseline && { baseline }),
    rate: r.rate,
    p50: r.p50,
    p99: r.p99,
    failures: r.failures,
    load: load(),
  };
  console.log(
    `  ${(baseline ? route : `${route} (baseline)`).padEnd(23)} ${m.rate.toFixed(0).padStart(6)}/s  ×${ratio(m).padEnd(5)} p50 ${m.p50.toFixed(1)} ms, ` +
      `p99 ${m.p99.toFixed(1)} ms, failures ${m.failures} (load ${m.load})`,
  );
  return m;
}

/** The measurement's rate over its paired baseline's. */
function ratio(m: Measurement) {
  if (!m.baseline) return '1.00';
  return m.baseline.rate > 0 ? (m.rate / m.baseline.rate).toFixed(2) : 'n/a';
}

/**
 * Fresh processes run both routes for JIT_WARMUP_S before their first measurement: against the
 * baseline process, warm from the start, a cold one would measure V8's compiler.
 */
const JIT_WARMUP_S = 3;
async function warmUp(
  urls: string[],
  me: { method: string; path: string },
  redeem: { method: string; path: string; body: string },
  headers: () => Headers,
) {
  await loadAcross(urls, me, headers, JIT_WARMUP_S);
  await loadAcross(urls, redeem, () => ({ ...headers(), 'Idempotency-Key': randomUUID() }), JIT_WARMUP_S);
}

function memberHeaders(publishableKey: string, tokens: string[]) {
  let next = 0; // round-robin over the members: no two requests in flight share a row
  return (): Headers => ({
    'Content-Type': 'application/json',
    'X-Publishable-Key': publishableKey,
    Authorization: `Bearer ${tokens[next++ % tokens.length]}`,
  });
}

// ---------------------------------------------------------------------------------------
// The limiter's take alone: its cost on the request path, without HTTP.

async function timeTakes(store: RateLimitStore, seconds: number) {
  const rule: BucketRule = { limit: 1e9, perMs: 1e9 / 60_000, fullAfterMs: 60_000 };
  const latencies: number[] = [];
  const deadline = performance.now() + seconds * 1000;
  let next = 0;
  const started = performance.now();
  // As many takes in flight as autocannon has connections, on as many buckets.
  await Promise.all(
    Array.from({ length: config.connections }, async () => {
      while (performance.now() < deadline) {
        const t0 = performance.now();
        await store.take(`member:bench:${next++ % config.members}`, rule, Date.now());
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.floor(q * (latencies.length - 1))] ?? 0;
  console.log(
    `  ${store.name.padEnd(8)} ${(latencies.length / elapsed).toFixed(0).padStart(6)} takes/s, ` +
      `p50 ${at(0.5).toFixed(2)} ms, p99 ${at(0.99).toFixed(2)} ms (${config.connections} in flight, load ${load()})`,
  );
}

// ---------------------------------------------------------------------------------------
// Named prepared statements through PgBouncer in transaction mode.

/**
 * node-postgres prepares a statement by name only when a query has a `name`; the server code
 * sends none (unnamed statements are parsed with each query and are safe in transaction mode).
 * This checks what happens to named ones: in transaction mode the next query may run on
 * another server connection, which has never seen the name.
 */
async function probePreparedStatements(url: string) {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  let failed = 0;
  let firstError = '';
  const attempts = 200;
  await Promise.all(
    Array.from({ length: attempts }, async (_, i) => {
      try {
        await pool.query({ name: 'probe', text: 'SELECT $1::int + 1 AS n', values: [i] });
      } catch (error) {
        failed++;
        firstError ||= (error as Error).message;
      }
    }),
  );
  await pool.end();
  return { attempts, failed, firstError };
}

// ---------------------------------------------------------------------------------------

async function main() {
  console.log(`Creating a bench database on ${new URL(config.adminUrl).host} (load ${load()})…`);
  const bench = await scratchDatabase(config.adminUrl, 'mc_bench');
  let db: Database | undefined;
  let bouncer: Awaited<ReturnType<typeof startPgBouncer>> | undefined;
  const children: Child[] = [];
  try {
    db = await openDatabase({ url: bench.url });
    const f = await seed(db);
    bouncer = await startPgBouncer(bench.url);
    console.log(
      `Database ${bench.name} seeded with ${config.members} members; ${pgbouncerVersion()} on ${new URL(bouncer.url).host} ` +
        `(transaction mode, ${config.poolSize} server connections).\n`,
    );
    const me = { method: 'GET', path: '/v1/me' };
    const redeem = { method: 'POST', path: '/v1/me/redemptions', body: JSON.stringify({ rewardId: f.rewardId }) };
    const headers = memberHeaders(f.program.publishable_key, f.tokens);

    const baseline = await startApi(bench.url, 'off');
    children.push(baseline);
    await warmUp([baseline.url], me, redeem, headers);
    for (const setup of SETUPS) {
      console.log(`${describeSetup(setup)}:`);
      const routes = [
        ['GET /v1/me', me, headers],
        ['redeem', redeem, () => ({ ...headers(), 'Idempotency-Key': randomUUID() })],
      ] as const;
      const url = setup.via === 'pgbouncer' ? bouncer.url : bench.url;
      const started = await Promise.all(Array.from({ length: setup.processes }, () => startApi(url, setup.limiter)));
      children.push(...started);
      await warmUp(
        started.map((c) => c.url),
        me,
        redeem,
        headers,
      );
      for (const [route, request, perRequest] of routes) {
        const pairs: Measurement[] = [];
        for (let round = 0; round < config.rounds; round++) {
          const base = await measure(route, BASELINE, [baseline.url], request, perRequest);
          pairs.push(
            await measure(
              route,
              setup,
              started.map((c) => c.url),
              request,
              perRequest,
              base,
            ),
          );
        }
        paired.push(pairs);
      }
      await Promise.all(started.map(stopApi));
      children.splice(children.indexOf(started[0]!), started.length);
    }

    console.log('\nOne limiter take without HTTP (its cost on the request path):');
    const stores: RateLimitStore[] = [
      new PostgresStore(db),
      new RedisStore(config.redisUrl, { keyPrefix: `mc-bench-${randomUUID()}:` }),
    ];
    for (const store of stores) {
      await timeTakes(store, 2);
      await store.close();
    }

    const probe = await probePreparedStatements(bouncer.url);
    await checkLedger(db, f.program.id);
    printSummary();
    console.log(
      `\nNamed prepared statements through ${pgbouncerVersion()} (transaction mode${
        bouncer.preparedStatements ? ', max_prepared_statements = 200' : ''
      }): ${probe.failed} of ${probe.attempts} failed${probe.firstError ? ` (first: ${probe.firstError})` : ''}.`,
    );
  } finally {
    await Promise.all(children.map(stopApi));
    await bouncer?.stop();
    await db?.close();
    await bench.drop(5000);
    console.log(`\nDropped ${bench.name}.`);
  }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

function printSummary() {
  const rows = [
    ['route', 'setup', '× baseline (median)', 'rounds', 'ops/s', 'baseline ops/s', 'p99 ms', 'failed', 'load'],
    ...paired.map((rounds) => {
      const ratios = rounds.map((m) => m.rate / m.baseline!.rate);
      const range = `${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}`;
      return [
        rounds[0]!.route,
        describeSetup(rounds[0]!.setup),
        median(ratios).toFixed(2),
        range,
        median(rounds.map((m) => m.rate)).toFixed(0),
        median(rounds.map((m) => m.baseline!.rate)).toFixed(0),
        median(rounds.map((m) => m.p99)).toFixed(0),
        String(rounds.reduce((n, m) => n + m.failures + m.baseline!.failures, 0)),
        `${Math.min(...rounds.map((m) => Number(m.load)))}–${Math.max(...rounds.map((m) => Number(m.load)))}`,
      ];
    }),
  ];
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  const line = (r: string[]) => r.map((cell, c) => (c < 2 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!)));
  console.log(
    `\nSummary (${config.connections} connections split over the processes, ${config.duration} s each, ` +
      `pool ${config.poolSize} per process, ${config.members} members, Node ${process.version}; ` +
      `× is the median over ${config.rounds} rounds of the setup's rate over "${describeSetup(BASELINE)}" ` +
      'measured just before it; rounds gives the spread; medians of ops/s and p99)',
  );
  console.log(line(rows[0]!).join('  '));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows.slice(1)) console.log(line(r).join('  '));
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
