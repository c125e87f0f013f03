import type { Sql } from '../db/sql.js';

/**
 * Sign-in throttling, per account and per address. The first few failures are free; each one
 * after that locks the key for twice as long as the last (1 s, 2 s, 4 s …), capped at 15
 * minutes, so guessing stays hopeless while nobody — the owner included — is locked out for
 * longer than the cap. Failures older than a day are forgotten. A success clears the account.
 */
export const FREE_FAILURES = { account: 5, ip: 20 } as const;
export const MAX_LOCK_MS = 15 * 60_000;
const FORGET_MS = 24 * 3_600_000;

export const throttleKeys = (email: string, ip: string) => ({
  account: `account:${email.trim().toLowerCase()}`,
  ip: `ip:${ip}`,
});

/** Milliseconds until any of these keys may try again; 0: now. */
export async function lockedFor(db: Sql, keys: string[], now: Date) {
  const rows = await db.query<{ locked_until: Date }>(
    'SELECT locked_until FROM login_throttle WHERE id = ANY($1) AND locked_until > $2',
    [keys, now],
  );
  return Math.max(0, ...rows.map((r) => new Date(r.locked_until).getTime() - now.getTime()));
}

export async function recordFailure(db: Sql, key: string, free: number, now: Date) {
  await db.query(
    `INSERT INTO login_throttle AS t (id, failures, locked_until, last_failed_at) VALUES ($1, 1, $2, $2)
     ON CONFLICT (id) DO UPDATE SET
       failures = CASE WHEN t.last_failed_at < $3 THEN 1 ELSE t.failures + 1 END,
       last_failed_at = $2,
       locked_until = CASE WHEN t.last_failed_at < $3 OR t.failures + 1 <= $4 THEN $2
         ELSE $2 + make_interval(secs => least($5::double precision, power(2, t.failures - $4)::double precision)) END`,
    [key, now, new Date(now.getTime() - FORGET_MS), free, MAX_LOCK_MS / 1000],
  );
}

export async function clearFailures(db: Sql, key: string) {
  await db.query('DELETE FROM login_throttle WHERE id = $1', [key]);
}

/**
 * Deletes the failures older than a day (the sweep): recordFailure already treats them as
 * absent and their lock ended long ago, so this changes no answer, and addresses and emails of
 * failed sign-ins are not kept for ever.
 */
export const pruneLoginThrottle = (db: Sql, now: Date) =>
  db.query('DELETE FROM login_throttle WHERE last_failed_at < $1', [new Date(now.getTime() - FORGET_MS)]);
