import type { Operator, OperatorRole } from '@member-center/contract';
import type { Sql } from '../db/sql.js';
import { businessRule, conflict, invalidRequest, notFound } from '../kernel/errors.js';
import { hashPassword, MIN_PASSWORD_LENGTH } from './passwords.js';
import { digest, newSecret } from './tokens.js';

export interface OperatorRow {
  id: string;
  program_id: string;
  email: string;
  role: OperatorRole;
  password_hash: string | null;
  login_token_hash: string | null;
  login_token_expires_at: Date | null;
  created_at: Date;
}

/** A one-time login link lives a day. */
export const LOGIN_LINK_HOURS = 24;
/** Where a one-time login link lands: the console's page that sets the password. */
export const loginLinkPath = (token: string) => `/console/#/welcome/${token}`;

export const operatorView = (o: OperatorRow): Operator => ({
  id: o.id,
  email: o.email,
  role: o.role,
  active: o.password_hash !== null,
  createdAt: new Date(o.created_at).toISOString(),
});

const normalEmail = (email: string) => email.trim().toLowerCase();

/**
 * Adds an operator. With a password it is set now; without one the answer carries a
 * one-time login token (stored as its digest) that sets it on first use.
 */
export async function addOperator(
  db: Sql,
  p: { programId: string; email: string; role: OperatorRole; password?: string },
  now: Date,
) {
  if (p.password !== undefined && p.password.length < MIN_PASSWORD_LENGTH)
    throw invalidRequest(`The password needs at least ${MIN_PASSWORD_LENGTH} characters.`);
  const token = p.password === undefined ? newSecret() : undefined;
  const rows = await db.query<OperatorRow>(
    `INSERT INTO operators (program_id, email, role, password_hash, login_token_hash, login_token_expires_at)
     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING *`,
    [
      p.programId,
      normalEmail(p.email),
      p.role,
      p.password === undefined ? null : await hashPassword(p.password),
      token === undefined ? null : digest(token),
      token === undefined ? null : new Date(now.getTime() + LOGIN_LINK_HOURS * 3_600_000),
    ],
  );
  if (!rows[0]) throw conflict('idempotency_conflict', `An operator with the email ${normalEmail(p.email)} exists.`);
  return { operator: rows[0], token };
}

export const listOperators = (db: Sql, programId: string) =>
  db.query<OperatorRow>('SELECT * FROM operators WHERE program_id = $1 ORDER BY created_at, email', [programId]);

export const operatorByEmail = async (db: Sql, email: string) =>
  (await db.query<OperatorRow>('SELECT * FROM operators WHERE lower(email) = $1', [normalEmail(email)]))[0];

/** Removes an operator of the program (by id or email), never its last owner; their sessions go with them. */
export async function removeOperator(db: Sql, programId: string, who: { id?: string; email?: string }) {
  const [target] = await db.query<OperatorRow>(
    'SELECT * FROM operators WHERE program_id = $1 AND (id::text = $2 OR lower(email) = $3) FOR UPDATE',
    [programId, who.id ?? '', who.email ? normalEmail(who.email) : ''],
  );
  if (!target) throw notFound('No such operator in this program.');
  if (target.role === 'owner') {
    const [{ n } = { n: 0 }] = await db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM operators WHERE program_id = $1 AND role = 'owner'",
      [programId],
    );
    if (n <= 1) throw businessRule('forbidden', "The program's last owner cannot be removed; add another owner first.");
  }
  await db.query('DELETE FROM operators WHERE id = $1', [target.id]);
  return target;
}

/** Spends a one-time login token: sets the password and returns the operator (undefined: no such live token). */
export async function redeemLoginToken(db: Sql, token: string, password: string, now: Date) {
  const [row] = await db.query<OperatorRow>(
    `UPDATE operators SET password_hash = $3, login_token_hash = NULL, login_token_expires_at = NULL
     WHERE login_token_hash = $1 AND login_token_expires_at > $2 RETURNING *`,
    [digest(token), now, await hashPassword(password)],
  );
  return row;
}

/** A new one-time login link for an existing operator (the CLI's way back in for a forgotten password). */
export async function resetLoginToken(db: Sql, operatorId: string, now: Date) {
  const token = newSecret();
  await db.query('UPDATE operators SET login_token_hash = $2, login_token_expires_at = $3 WHERE id = $1', [
    operatorId,
    digest(token),
    new Date(now.getTime() + LOGIN_LINK_HOURS * 3_600_000),
  ]);
  return token;
}
