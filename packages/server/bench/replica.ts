/**
 * `node --import tsx bench/replica.ts` (in packages/server): how long a write takes to become
 * visible on a streaming read replica under write load — the figure the read-after-write plan
 * in docs/operating.md ("Read replicas") needs.
 *
 * It starts a PostgreSQL primary of its own (initdb in a temp folder, 127.0.0.1, a free port)
 * and a standby made with `pg_basebackup -R`, migrates the primary with the API's schema, runs
 * redemption-shaped transactions (debit, ledger entry, redemption) from BENCH_CONNECTIONS
 * loops for BENCH_DURATION seconds, and for every 10th one polls the standby until the
 * redemption row is there. Then it stops both clusters and removes the folder. As root, every
 * PostgreSQL binary runs as the `postgres` user (PostgreSQL refuses root). Binaries from
 * PG_BIN (default /usr/lib/postgresql/15/bin).
 */
import { execFileSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { appendFileSync, chownSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { createProgram, openDatabase } from '../src/index.js';

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const config = {
  bin: process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin',
  connections: env('BENCH_CONNECTIONS', 16),
  duration: env('BENCH_DURATION', 10),
  members: env('BENCH_MEMBERS', 1000),
};
const load = () => loadavg()[0]!.toFixed(1);

async function freePort() {
  const server = createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const root = process.getuid?.() === 0;
/** Runs a PostgreSQL binary, as `postgres` when we are root. */
function pgRun(binary: string, args: string[]) {
  const command = join(config.bin, binary);
  return root
    ? execFileSync('runuser', ['-u', 'postgres', '--', command, ...args], { stdio: 'pipe' })
    : execFileSync(command, args, { stdio: 'pipe' });
}

function configure(dataDir: string, port: number, socketDir: string) {
  appendFileSync(
    join(dataDir, 'postgresql.conf'),
    [
      '',
      `port = ${port}`,
      "listen_addresses = '127.0.0.1'",
      `unix_socket_directories = '${socketDir}'`,
      'wal_level = replica',
      'max_wal_senders = 4',
      'hot_standby = on',
      'shared_buffers = 64MB',
      'max_connections = 60',
      '',
    ].join('\n'),
  );
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'mc-replica-'));
  if (root) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString());
    chownSync(dir, uid, gid);
  }
  const primaryDir = join(dir, 'primary');
  const standbyDir = join(dir, 'standby');
  const [primaryPort, standbyPort] = [await freePort(), await freePort()];
  const started: string[] = [];
  let primary: pg.Pool | undefined;
  let standby: pg.Pool | undefined;
  try {
    console.log(`A primary on 127.0.0.1:${primaryPort} and a standby on :${standbyPort} in ${dir} (load ${load()})…`);
    // initdb's pg_hba.conf already trusts local replication connections.
    pgRun('initdb', ['-D', primaryDir, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8']);
    configure(primaryDir, primaryPort, dir);
    pgRun('pg_ctl', ['-D', primaryDir, '-l', join(dir, 'primary.log'), '-w', 'start']);
    started.push(primaryDir);
    pgRun('pg_basebackup', [
      ...['-h', '127.0.0.1', '-p', String(primaryPort), '-U', 'postgres'],
      ...['-D', standbyDir, '-R', '-X', 'stream', '-c', 'fast'],
    ]);
    // The copied postgresql.conf names the primary's port; the last setting wins.
    appendFileSync(join(standbyDir, 'postgresql.conf'), `\nport = ${standbyPort}\n`);
    pgRun('pg_ctl', ['-D', standbyDir, '-l', join(dir, 'standby.log'), '-w', 'start']);
    started.push(standbyDir);

    const primaryUrl = `postgres://postgres@127.0.0.1:${primaryPort}/postgres`;
    const db = await openDatabase({ url: primaryUrl }); // the API's schema, migrated
    const program = await createProgram(db, { name: 'Replica bench', currency: 'CNY' });
    const [reward] = await db.query<{ id: string }>(
      "INSERT INTO rewards (program_id, name, cost) VALUES ($1, 'Bench coupon', 1) RETURNING id",
      [program.id],
    );
    const members = await db.query<{ id: string }>(
      `INSERT INTO members (program_id, customer_id, balance, lifetime_earned, referral_code)
       SELECT $1, 'r' || i, 1000000, 1000000, 'REPLICA' || i FROM generate_series(1, $2) AS i RETURNING id`,
      [program.id, config.members],
    );
    await db.close();

    primary = new pg.Pool({ connectionString: primaryUrl, max: config.connections });
    standby = new pg.Pool({
      connectionString: `postgres://postgres@127.0.0.1:${standbyPort}/postgres`,
      max: Math.ceil(config.connections / 2),
    });
    const [isStandby] = (await standby.query<{ r: boolean }>('SELECT pg_is_in_recovery() AS r')).rows;
    console.log(`Standby in recovery: ${isStandby!.r}. Writing for ${config.duration} s…`);

    const visibleAfter: number[] = [];
    const lagBytes: number[] = [];
    let writes = 0;
    let next = 0;
    const deadline = performance.now() + config.duration * 1000;
    /** One redemption-shaped transaction on the primary; every 10th is then looked for on the standby. */
    const writer = async () => {
      while (performance.now() < deadline) {
        const member = members[next++ % members.length]!;
        const id = randomUUID();
        const client = await primary!.connect();
        try {
          await client.query('BEGIN');
          const debit = await client.query<{ balance: string }>(
            'UPDATE members SET balance = balance - 1 WHERE id = $1 RETURNING balance',
            [member.id],
          );
          await client.query(
            `INSERT INTO ledger_entries (program_id, member_id, type, points, balance_after, description, redemption_id)
             VALUES ($1, $2, 'redemption', -1, $3, 'Bench coupon', $4)`,
            [program.id, member.id, debit.rows[0]!.balance, id],
          );
          await client.query(
            `INSERT INTO redemptions (id, program_id, member_id, reward_id, reward_name, points, code)
             VALUES ($1, $2, $3, $4, 'Bench coupon', 1, $5)`,
            [id, program.id, member.id, reward!.id, randomBytes(6).toString('hex')],
          );
          await client.query('COMMIT');
        } finally {
          client.release();
        }
        const committed = performance.now();
        if (writes++ % 10 !== 0) continue;
        // As a read right after the write would: how long until the replica has it?
        while ((await standby!.query('SELECT 1 FROM redemptions WHERE id = $1', [id])).rowCount === 0) {
          if (performance.now() - committed > 10_000) throw new Error(`Redemption ${id} not on the standby after 10 s`);
          await sleep(1);
        }
        visibleAfter.push(performance.now() - committed);
      }
    };
    const sampler = async () => {
      while (performance.now() < deadline) {
        const [row] = (
          await primary!.query<{ lag: string | null }>(
            'SELECT max(pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn)) AS lag FROM pg_stat_replication',
          )
        ).rows;
        lagBytes.push(Number(row?.lag ?? 0));
        await sleep(200);
      }
    };
    const t0 = performance.now();
    await Promise.all([...Array.from({ length: config.connections }, writer), sampler()]);
    const elapsed = (performance.now() - t0) / 1000;

    visibleAfter.sort((a, b) => a - b);
    const at = (q: number) => visibleAfter[Math.floor(q * (visibleAfter.length - 1))] ?? 0;
    console.log(
      `\n${writes} writes in ${elapsed.toFixed(1)} s (${(writes / elapsed).toFixed(0)}/s, ${config.connections} connections, load ${load()}).` +
        `\nA committed write visible on the standby after: p50 ${at(0.5).toFixed(1)} ms, p99 ${at(0.99).toFixed(1)} ms, ` +
        `max ${at(1).toFixed(1)} ms (${visibleAfter.length} writes looked for; the polling adds up to ~1 ms and a round trip).` +
        `\nReplay lag sampled every 200 ms: max ${(Math.max(0, ...lagBytes) / 1024).toFixed(0)} KiB of WAL.`,
    );
  } finally {
    await primary?.end();
    await standby?.end();
    for (const dataDir of started.reverse()) {
      try {
        pgRun('pg_ctl', ['-D', dataDir, '-m', 'fast', '-w', 'stop']);
      } catch (error) {
        console.warn(`pg_ctl stop ${dataDir}: ${(error as Error).message}`);
      }
    }
    rmSync(dir, { recursive: true, force: true });
    console.log(`Stopped both clusters; removed ${dir}.`);
  }
}

await main();
