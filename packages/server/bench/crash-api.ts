/**
 * The crash test's storage and API process: a fresh database (a PostgreSQL database of its
 * own, or a PGlite folder in a temp dir) and `member-center serve` on it as a child process
 * that can be killed with SIGKILL and started again on the same port.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { type Database, openDatabase } from '../src/db/database.js';
import { scratchDatabase } from '../test/scratch-database.js';

export interface Storage {
  /** What the figures say the run was on. */
  label: string;
  /** Opens the database from this process (seeding, checks); PGlite only while no API holds it. */
  open(): Promise<Database>;
  /** How `serve` is pointed at it. */
  serveArgs: string[];
  serveEnv: NodeJS.ProcessEnv;
  /** Removes the database or folder. */
  dispose(): Promise<void>;
}

/** A database of its own per run, so runs never see each other's rows. */
export async function freshStorage(adminUrl: string | undefined): Promise<Storage> {
  const { DATABASE_URL: _, ...inherited } = process.env;
  if (!adminUrl) {
    const dir = mkdtempSync(join(tmpdir(), 'mc-crash-'));
    return {
      label: `PGlite in ${dir}`,
      open: () => openDatabase({ dataDir: dir }),
      serveArgs: ['--data', dir],
      serveEnv: inherited,
      dispose: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const { name, url, drop } = await scratchDatabase(adminUrl, 'mc_crash');
  return {
    label: `PostgreSQL database ${name} on ${new URL(url).host}`,
    open: () => openDatabase({ url }),
    serveArgs: [],
    // A smaller pool than the default: 20 killed processes' connections linger for a moment.
    serveEnv: { ...inherited, DATABASE_URL: url, DATABASE_POOL_SIZE: '10' },
    dispose: () => drop(),
  };
}

/** A port that was free a moment ago; every restart of the API listens on it again. */
export async function freePort() {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

const SERVER_DIR = fileURLToPath(new URL('..', import.meta.url));
const START_TIMEOUT_MS = 60_000;

/** `member-center serve` in a child process, killed and restarted by the crash test. */
export class ApiProcess {
  private child: ChildProcess | undefined;
  readonly url: string;

  constructor(
    private readonly storage: Storage,
    private readonly port: number,
    /** The API's stdout and stderr go here, so the run's own output stays readable. */
    readonly logFile: string,
  ) {
    this.url = `http://127.0.0.1:${port}`;
  }

  /** Starts the API and resolves once it accepts connections; rejects if it exits first. */
  async start() {
    const child = spawn(
      process.execPath,
      [
        '--conditions=@member-center/source',
        '--import',
        'tsx',
        'src/cli.ts',
        'serve',
        '--host',
        '127.0.0.1',
        '--port',
        String(this.port),
        '--sweep-every',
        '0',
        ...this.storage.serveArgs,
      ],
      {
        cwd: SERVER_DIR,
        // The load redeems far faster than any shopper; the rate limits would turn it into 429s.
        env: { ...this.storage.serveEnv, RATE_LIMITS: 'off' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    this.child = child;
    child.stderr!.on('data', (chunk: Buffer) => appendFileSync(this.logFile, chunk));
    await new Promise<void>((resolve, reject) => {
      let output = '';
      const timer = setTimeout(
        () => reject(new Error(`The API did not listen within ${START_TIMEOUT_MS} ms.`)),
        START_TIMEOUT_MS,
      );
      child.stdout!.on('data', (chunk: Buffer) => {
        appendFileSync(this.logFile, chunk);
        output += chunk.toString();
        if (output.includes('Member Center API on ')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`The API exited (${signal ?? `code ${code}`}) before listening:\n${this.logTail()}`));
      });
    });
  }

  /** kill -9: no shutdown handler runs, in-flight requests and transactions are cut off. */
  async kill() {
    await this.stop('SIGKILL');
  }

  /** A clean stop (closes PGlite), for the end of the run. */
  async stop(signal: NodeJS.Signals = 'SIGTERM') {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill(signal);
    await Promise.race([exited, sleep(15_000)]);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
  }

  /** Last resort when the run itself fails: never leave an API process behind. */
  killNow() {
    this.child?.kill('SIGKILL');
  }

  logTail(lines = 20) {
    try {
      return readFileSync(this.logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
    } catch {
      return '(no output)';
    }
  }
}
