/**
 * `pnpm --filter @member-center/server crash`: the crash test. Under continuous redemption
 * load, the API process is killed with SIGKILL at random moments (CRASH_KILLS times, 0.3–2 s
 * apart) and started again; then the database and the client's records are checked: balances
 * equal ledger sums, redemptions and their ledger entries pair up, stock is conserved, and
 * every redemption the client retried under its idempotency key took effect exactly once.
 * Prints the figures and exits 1 on any violation.
 *
 * Storage: PostgreSQL when DATABASE_URL is set (a database `mc_crash_<random>` is created on
 * that server and dropped at the end), else PGlite in a temp folder (removed at the end).
 * Tunables (env): CRASH_KILLS (20), CRASH_WORKERS (8), CRASH_MEMBERS (300).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createProgram } from '../src/commands/program.js';
import { createReward } from '../src/commands/rewards.js';
import type { Database } from '../src/db/database.js';
import type { ProgramRow } from '../src/kernel/programs.js';
import { signMemberToken } from '../src/tokens.js';
import { ApiProcess, freePort, freshStorage } from './crash-api.js';
import { type Check, runChecks, type Seeded } from './crash-checks.js';
import { type KeyRecord, type LoadCounters, type LoadMember, type LoadReward, RedemptionLoad } from './crash-load.js';

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const config = {
  kills: env('CRASH_KILLS', 20),
  workers: env('CRASH_WORKERS', 8),
  members: env('CRASH_MEMBERS', 300),
  /** Load between a restart and the next kill, in ms. */
  upMin: 300,
  upMax: 2000,
  hotPercent: 30,
};

/**
 * Points and rewards sized so that a run ends in every answer a redemption can get: the hot
 * member and many spread members run dry (insufficient_points), the limited rewards sell
 * out (out_of_stock) and members reach the per-member limit (limit_reached).
 */
const HOT_MEMBER = 'crash-hot';
const HOT_POINTS = 1500;
const SPREAD_POINTS = 60;
const REWARDS = [
  { name: 'Coupon ¥5', cost: 10, stock: null, perMemberLimit: null, weight: 50 },
  { name: 'Limited tote bag', cost: 5, stock: 150, perMemberLimit: null, weight: 20 },
  { name: 'Sample (2 per member)', cost: 2, stock: null, perMemberLimit: 2, weight: 15 },
  { name: 'Headphones', cost: 50, stock: 30, perMemberLimit: null, weight: 15 },
];

/** The program, its rewards and members, written straight to the database before the API starts. */
async function seed(db: Database) {
  const program = await createProgram(db, { name: 'Crash test', currency: 'CNY' });
  const rewards: (LoadReward & Seeded['rewards'][number])[] = [];
  for (const r of REWARDS) {
    const created = await createReward(db, program, {
      name: r.name,
      cost: r.cost,
      stock: r.stock,
      perMemberLimit: r.perMemberLimit,
    });
    rewards.push({ ...r, id: created.id });
  }
  const members = await db.query<{ id: string; customer_id: string; balance: number }>(
    `INSERT INTO members (program_id, customer_id, balance, lifetime_earned, referral_code)
     SELECT $1, CASE WHEN i = 0 THEN 'crash-hot' ELSE 'crash-' || lpad(i::text, 5, '0') END, CASE WHEN i = 0 THEN $3::bigint ELSE $4::bigint END,
       CASE WHEN i = 0 THEN $3::bigint ELSE $4::bigint END, 'CRASH' || i
     FROM generate_series(0, $2::int) AS i
     RETURNING id, customer_id, balance`,
    [program.id, config.members, HOT_POINTS, SPREAD_POINTS],
  );
  // Each starting balance is one ledger entry and the lot it opens, as the API keeps them.
  await db.query(
    `INSERT INTO ledger_entries (program_id, member_id, type, points, balance_after, description)
     SELECT program_id, id, 'adjustment', balance, balance, 'Crash test: starting points' FROM members
     WHERE program_id = $1`,
    [program.id],
  );
  await db.query(
    `INSERT INTO point_lots (program_id, member_id, entry_id, points, remaining, earned_at)
     SELECT program_id, member_id, id, points, points, created_at FROM ledger_entries WHERE program_id = $1`,
    [program.id],
  );
  const seeded: Seeded = {
    programId: program.id,
    initialPoints: new Map(members.map((m) => [m.id, m.balance])),
    rewards,
  };
  return { program, rewards, members, seeded };
}

async function tokens(program: ProgramRow, members: { id: string; customer_id: string }[]) {
  return Promise.all(
    members.map(
      async (m): Promise<LoadMember> => ({
        id: m.id,
        customerId: m.customer_id,
        token: await signMemberToken(program.secret_key, m.customer_id, { ttl: 3600 }),
      }),
    ),
  );
}

const ms = (n: number) => `${Math.round(n)} ms`;
const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);

async function main() {
  const started = performance.now();
  const storage = await freshStorage(process.env.DATABASE_URL);
  const logDir = mkdtempSync(join(tmpdir(), 'mc-crash-log-'));
  console.log(`Crash test on ${storage.label}: ${config.kills} kills, ${config.workers} workers.`);
  let api: ApiProcess | undefined;
  let failed = false;
  try {
    let db = await storage.open();
    const { program, rewards, members, seeded } = await seed(db);
    await db.close(); // a PGlite folder is the API's alone while it runs
    const signed = await tokens(program, members);
    const hot = signed.find((m) => m.customerId === HOT_MEMBER)!;
    const spread = signed.filter((m) => m !== hot);

    api = new ApiProcess(storage, await freePort(), join(logDir, `api-${randomBytes(3).toString('hex')}.log`));
    await api.start();
    const load = new RedemptionLoad({
      url: api.url,
      publishableKey: program.publishable_key,
      hot,
      spread,
      rewards,
      workers: config.workers,
      hotPercent: config.hotPercent,
      attemptTimeoutMs: 5000,
    });
    const loadStarted = performance.now();
    let answersBefore = 0;
    load.start();

    const restarts: number[] = [];
    let kills = 0;
    let restartFailure: Error | undefined;
    let cutInFlight = 0;
    for (let kill = 1; kill <= config.kills; kill++) {
      // The clock starts when the (re)started API answers again, so that every kill lands
      // under load rather than in the seconds an API process takes to start.
      await load.answered(answersBefore, 60_000);
      await sleep(config.upMin + Math.random() * (config.upMax - config.upMin));
      if (load.inFlight > 0) cutInFlight++;
      await api.kill();
      answersBefore = load.counters.answers;
      kills++;
      const down = performance.now();
      try {
        await api.start();
      } catch (error) {
        restartFailure = error as Error;
        break;
      }
      restarts.push(performance.now() - down);
      const line = `  kill ${kill}/${config.kills}: back in ${ms(restarts.at(-1)!)}`;
      // One updating line in a terminal; a line per kill in a log.
      process.stdout.write(process.stdout.isTTY ? `\r${line}   ` : `${line}\n`);
    }
    if (process.stdout.isTTY) process.stdout.write('\n');
    if (!restartFailure) await sleep(1000); // the last restart serves some load too
    await load.stop(restartFailure ? 0 : 60_000);
    const loadSeconds = (performance.now() - loadStarted) / 1000;
    let askedAgain = 0;

    // Ask again under every key that needed more than one attempt, and a sample of the others:
    // the answer must be the stored first one.
    const replayMismatches: string[] = [];
    if (!restartFailure) {
      const retried = load.records.filter((r) => r.outcome && r.attempts > 1);
      const sample = load.records.filter((r) => r.outcome && r.attempts === 1).slice(0, 200);
      const queue = [...retried, ...sample];
      askedAgain = queue.length;
      const askAgain = async () => {
        for (let r = queue.shift(); r; r = queue.shift()) {
          const again = await load.resend(r);
          if (!again || again.status !== r.outcome!.status || again.redemptionId !== r.outcome!.redemptionId)
            replayMismatches.push(
              `${r.key}: first ${JSON.stringify(r.outcome)}, again ${JSON.stringify(again ?? null)}`,
            );
          else if (!again.replayed) replayMismatches.push(`${r.key}: answered again without Idempotent-Replayed`);
        }
      };
      await Promise.all(Array.from({ length: config.workers }, askAgain));
    }
    await api.stop();

    db = await storage.open();
    let checks: Check[];
    try {
      const [{ n: redemptions }] = (await db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM redemptions WHERE program_id = $1',
        [program.id],
      )) as [{ n: number }];
      checks = await runChecks(db, seeded, load.records);
      checks.push({
        name: 'asking again under a used key answers the stored first response',
        violations: replayMismatches,
      });
      if (restartFailure)
        checks.push({ name: 'the API starts again after every kill', violations: [restartFailure.message] });
      failed = report({
        records: load.records,
        counters: load.counters,
        askedAgain,
        kills,
        cutInFlight,
        restarts,
        loadSeconds,
        redemptions,
        checks,
        started,
      });
    } finally {
      await db.close();
    }
    if (failed) console.log(`\nThe API's output is kept in ${logDir}.`);
  } catch (error) {
    failed = true;
    console.error(error);
    if (api) console.error(`\nThe API's last output:\n${api.logTail()}`);
  } finally {
    api?.killNow();
    await storage.dispose();
    if (!failed) rmSync(logDir, { recursive: true, force: true });
  }
  process.exitCode = failed ? 1 : 0;
}

function report(r: {
  records: KeyRecord[];
  counters: LoadCounters;
  askedAgain: number;
  kills: number;
  cutInFlight: number;
  restarts: number[];
  loadSeconds: number;
  redemptions: number;
  checks: Check[];
  started: number;
}) {
  const answered = r.records.filter((k) => k.outcome);
  const byStatus = (status: number) => answered.filter((k) => k.outcome!.status === status);
  const codes = new Map<string, number>();
  for (const k of byStatus(422)) codes.set(k.outcome!.code!, (codes.get(k.outcome!.code!) ?? 0) + 1);
  const retriedKeys = r.records.filter((k) => k.attempts > 1);
  const retriedAfterNoAnswer = r.records.filter((k) => k.noAnswer > 0);
  const c = r.counters;
  const violations = r.checks.reduce((n, check) => n + check.violations.length, 0);
  const other = answered.filter((k) => k.outcome!.status !== 201 && k.outcome!.status !== 422);

  console.log(`
Kills (SIGKILL)                 ${r.kills} (${r.cutInFlight} with redemptions in flight)
Restarts                        ${r.restarts.length}
Restart time (kill → listening) mean ${ms(mean(r.restarts))}, max ${ms(Math.max(0, ...r.restarts))}
Load                            ${r.loadSeconds.toFixed(1)} s, ${config.workers} workers
Redemptions asked (keys)        ${r.records.length}
Requests sent                   ${c.requests} (no answer ${c.noAnswer}, 5xx ${c.status5xx}, 429 ${c.status429})
Retried requests                ${c.requests - r.records.length} over ${retriedKeys.length} keys (${retriedAfterNoAnswer.length} after no answer)
201 Created                     ${byStatus(201).length} (${byStatus(201).filter((k) => k.outcome!.replayed).length} replayed: an earlier attempt had taken effect, its answer lost)
422 refused                     ${byStatus(422).length} (${[...codes].map(([code, n]) => `${code} ${n}`).join(', ') || 'none'})
Other answers                   ${other.length}${other.length ? ` (${[...new Set(other.map((k) => k.outcome!.status))].join(', ')})` : ''}
Redemptions in the database     ${r.redemptions}
Asked again after the run       ${r.askedAgain} keys (every retried key and a sample of the rest)
`);
  for (const check of r.checks) {
    console.log(`  ${check.violations.length === 0 ? 'ok  ' : 'FAIL'} ${check.name}`);
    for (const v of check.violations.slice(0, 5)) console.log(`         ${v}`);
    if (check.violations.length > 5) console.log(`         … and ${check.violations.length - 5} more`);
  }
  console.log(`\nViolations                      ${violations}`);
  console.log(`Total time                      ${((performance.now() - r.started) / 1000).toFixed(1)} s`);
  return violations > 0;
}

await main();
