import { createHash } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { migrate } from './migrations.js';
import type { Database } from './sql.js';

export type { Database, Sql } from './sql.js';

export class DataDirInUseError extends Error {
  constructor(dir: string, pid: number) {
    super(
      `The data folder ${dir} is in use by process ${pid} (is \`pnpm start\` running?). ` +
        'Stop that process first, or point DATABASE_URL at PostgreSQL.',
    );
    this.name = 'DataDirInUseError';
  }
}

const INT8 = 20;
const RETRYABLE = new Set(['40001', '40P01']); // serialization_failure, deadlock_detected

/**
 * Opens PostgreSQL when `url` is a postgres:// URL, else PGlite in the folder `dataDir`
 * (in memory when neither is given), and brings the schema up to date.
 */
export async function openDatabase(options: { url?: string; dataDir?: string; pglite?: PGlite } = {}) {
  const db = options.url?.startsWith('postgres')
    ? postgres(options.url)
    : await pglite(options.pglite, options.dataDir);
  try {
    await migrate(db);
  } catch (error) {
    await db.close();
    throw error;
  }
  return db;
}

/**
 * Every statement text gets a name, so each pooled connection parses and plans it once
 * (PostgreSQL keeps a generic plan after five runs) instead of on every call: for this API's
 * short statements planning cost more than executing. DATABASE_PREPARE=off sends them unnamed,
 * for a pooler that cannot keep named statements (PgBouncer before 1.21, or with
 * max_prepared_statements = 0); see docs/operating.md.
 */
function statementNamer(prepare: boolean) {
  const names = new Map<string, string>();
  return (text: string, values?: unknown[]): pg.QueryConfig => {
    if (!prepare) return { text, ...(values && { values }) };
    let name = names.get(text);
    if (!name) {
      name = `mc_${createHash('sha1').update(text).digest('base64url').slice(0, 20)}`;
      names.set(text, name);
    }
    return { name, text, ...(values && { values }) };
  };
}

function postgres(url: string): Database {
  const statement = statementNamer(process.env.DATABASE_PREPARE !== 'off');
  const types = new pg.TypeOverrides();
  types.setTypeParser(INT8, Number); // counts and balances stay far below 2^53
  const pool = new pg.Pool({ connectionString: url, types, max: Number(process.env.DATABASE_POOL_SIZE ?? 20) });
  pool.on('error', (error) => console.error('PostgreSQL connection error:', error.message));
  return {
    kind: 'postgres',
    async query<T>(text: string, params?: unknown[]) {
      return (await pool.query(statement(text, params))).rows as T[];
    },
    exec: async (script) => void (await pool.query(script)),
    async transaction(fn) {
      for (let attempt = 1; ; attempt++) {
        const client = await pool.connect();
        try {
          await client.query('BEGIN');
          const result = await fn({
            query: async (text, params) => (await client.query(statement(text, params))).rows,
            exec: async (script) => void (await client.query(script)),
          });
          await client.query('COMMIT');
          return result;
        } catch (error) {
          await client.query('ROLLBACK').catch(() => {});
          if (attempt < 5 && RETRYABLE.has((error as { code?: string }).code ?? '')) continue;
          throw error;
        } finally {
          client.release();
        }
      }
    },
    close: () => pool.end(),
  };
}

async function pglite(existing: PGlite | undefined, dataDir: string | undefined): Promise<Database> {
  const release = dataDir ? lockDataDir(resolve(dataDir)) : () => {};
  let db: PGlite;
  try {
    db = existing ?? new PGlite(dataDir, { parsers: { [INT8]: Number } });
    await db.waitReady;
  } catch (error) {
    release();
    throw error;
  }
  return {
    kind: 'pglite',
    async query<T>(text: string, params?: unknown[]) {
      return (await db.query<T>(text, params)).rows;
    },
    exec: async (script) => void (await db.exec(script)),
    // PGlite is one connection: its transactions already run one at a time.
    transaction: (fn) =>
      db.transaction((tx) =>
        fn({
          query: async <T>(text: string, params?: unknown[]) => (await tx.query<T>(text, params)).rows,
          exec: async (script) => void (await tx.exec(script)),
        }),
      ),
    async close() {
      await db.close();
      release();
    },
  };
}

/**
 * A PGlite data folder may be opened by one process at a time; two would corrupt it.
 * The lock file holds the owner's pid, so a lock left by a killed process is taken over.
 */
function lockDataDir(dir: string): () => void {
  mkdirSync(dir, { recursive: true });
  const lockFile = join(dir, 'member-center.lock');
  for (;;) {
    try {
      const fd = openSync(lockFile, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        try {
          unlinkSync(lockFile);
        } catch {}
        process.off('exit', release);
      };
      process.on('exit', release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = Number(readFileSync(lockFile, 'utf8'));
      if (pid && pid !== process.pid && isAlive(pid)) throw new DataDirInUseError(dir, pid);
      if (pid === process.pid) throw new DataDirInUseError(dir, pid);
      unlinkSync(lockFile); // stale: its process is gone
    }
  }
}

function isAlive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
