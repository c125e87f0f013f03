import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';

/** Runs `fn` with a connection to the server of `adminUrl` (its maintenance database). */
async function withAdmin<T>(adminUrl: string, fn: (client: pg.Client) => Promise<T>) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * A new, empty database `<prefix>_<random>` on the PostgreSQL server of `adminUrl`, so a test
 * suite or a bench run never sees another's rows. `drop()` removes it, connections and all.
 */
export async function scratchDatabase(adminUrl: string, prefix: string) {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  await withAdmin(adminUrl, (admin) => admin.query(`CREATE DATABASE ${name}`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    /** `settleMs`: first wait that long for closed pools' connections to go (no "terminating connection" noise). */
    async drop(settleMs = 0) {
      await withAdmin(adminUrl, async (admin) => {
        for (let waited = 0; waited < settleMs; waited += 50) {
          const { rows } = await admin.query('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1', [
            name,
          ]);
          if (rows[0].n === 0) break;
          await sleep(50);
        }
        // FORCE: a connection left by a killed or crashed process must not keep the database alive.
        await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      });
    },
  };
}
