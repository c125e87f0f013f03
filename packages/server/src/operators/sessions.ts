import type { Sql } from '../db/sql.js';
import type { OperatorRow } from './operators.js';
import { digest, newSecret } from './tokens.js';

/** A session ends after 30 minutes without a request, and 12 hours after sign-in whatever happens. */
export const SESSION_IDLE_MS = 30 * 60_000;
export const SESSION_ABSOLUTE_MS = 12 * 3_600_000;

export interface Session {
  id: string;
  operator: OperatorRow;
  expiresAt: Date;
}

/** A new session: the cookie's value (given to the browser once) and when it ends at the latest. */
export async function startSession(db: Sql, operatorId: string, now: Date) {
  const secret = newSecret();
  const expiresAt = new Date(now.getTime() + SESSION_ABSOLUTE_MS);
  // The operator's ended sessions go now: the table holds live sessions and a few stale ones.
  await db.query('DELETE FROM operator_sessions WHERE operator_id = $1 AND (expires_at <= $2 OR last_seen_at <= $3)', [
    operatorId,
    now,
    new Date(now.getTime() - SESSION_IDLE_MS),
  ]);
  await db.query(
    'INSERT INTO operator_sessions (id, operator_id, created_at, last_seen_at, expires_at) VALUES ($1, $2, $3, $3, $4)',
    [digest(secret), operatorId, now, expiresAt],
  );
  return { secret, expiresAt };
}

/**
 * The live session a cookie names, its idle clock restarted; undefined when unknown, idle too
 * long or past its absolute end. One statement: the update is the check.
 */
export async function readSession(db: Sql, secret: string, now: Date): Promise<Session | undefined> {
  const [row] = await db.query<{ session_id: string; expires_at: Date } & OperatorRow>(
    `WITH s AS (
       UPDATE operator_sessions SET last_seen_at = $2
       WHERE id = $1 AND expires_at > $2 AND last_seen_at > $3
       RETURNING id AS session_id, operator_id, expires_at
     )
     SELECT s.session_id, s.expires_at, o.* FROM s JOIN operators o ON o.id = s.operator_id`,
    [digest(secret), now, new Date(now.getTime() - SESSION_IDLE_MS)],
  );
  if (!row) return undefined;
  const { session_id, expires_at, ...operator } = row;
  return { id: session_id, operator, expiresAt: new Date(expires_at) };
}

export async function endSession(db: Sql, sessionId: string) {
  return (await db.query('DELETE FROM operator_sessions WHERE id = $1 RETURNING id', [sessionId])).length;
}

/** Sign out everywhere: every session of the operator ends. */
export async function endAllSessions(db: Sql, operatorId: string) {
  return (await db.query('DELETE FROM operator_sessions WHERE operator_id = $1 RETURNING id', [operatorId])).length;
}
