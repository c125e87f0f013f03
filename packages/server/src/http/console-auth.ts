import type { OperatorRole } from '@member-center/contract';
import type { Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import type { Sql } from '../db/sql.js';
import { type ProgramRow, programById } from '../kernel/programs.js';
import { readSession, type Session } from '../operators/sessions.js';
import { forbidden, unauthenticated } from './errors.js';
import { allows } from './roles.js';

/**
 * Operators' sessions: an opaque cookie (its digest is the session's id in the database),
 * `HttpOnly; SameSite=Strict; Path=/`, and `Secure` with the `__Host-` prefix behind https.
 * Cross-site writes are refused twice: SameSite=Strict keeps the cookie off them, and every
 * request but a GET must carry an `Origin` equal to this API's own.
 */
export const COOKIE = 'mc_session';
const SECURE_COOKIE = `__Host-${COOKIE}`;

/** https as the browser sees it: the request's URL, or a proxy's `X-Forwarded-Proto`. */
export function isHttps(c: Context) {
  const forwarded = c.req.header('X-Forwarded-Proto')?.split(',')[0]?.trim();
  return forwarded ? forwarded === 'https' : new URL(c.req.url).protocol === 'https:';
}

/** This API's origin as the browser addressed it (a proxy may say so with X-Forwarded-Host). */
export function ownOrigin(c: Context) {
  const host =
    c.req.header('X-Forwarded-Host')?.split(',')[0]?.trim() || c.req.header('Host') || new URL(c.req.url).host;
  return `${isHttps(c) ? 'https' : 'http'}://${host}`;
}

/** Refuses a request that another site's page could have made with the operator's cookie. */
export function checkSameOrigin(c: Context) {
  const origin = c.req.header('Origin');
  const safe = c.req.method === 'GET' || c.req.method === 'HEAD';
  if (c.req.header('Sec-Fetch-Site') === 'cross-site' || (origin !== undefined && origin !== ownOrigin(c)))
    throw forbidden('A request from another site is refused by the console.');
  if (!safe && origin === undefined)
    throw forbidden('The console accepts changes only from its own pages (the request carries no Origin).');
}

export const sessionCookie = (c: Context) => getCookie(c, SECURE_COOKIE) ?? getCookie(c, COOKIE);
export const hasSessionCookie = (c: Context) => sessionCookie(c) !== undefined;

export function setSessionCookie(c: Context, secret: string, expiresAt: Date) {
  const secure = isHttps(c);
  setCookie(c, secure ? SECURE_COOKIE : COOKIE, secret, {
    httpOnly: true,
    sameSite: 'Strict',
    path: '/',
    secure,
    expires: expiresAt,
  });
}

export function clearSessionCookie(c: Context) {
  const secure = isHttps(c);
  setCookie(c, secure ? SECURE_COOKIE : COOKIE, '', {
    httpOnly: true,
    sameSite: 'Strict',
    path: '/',
    secure,
    maxAge: 0,
  });
}

export interface OperatorCaller {
  /** Absent for a secret-key call (the CLI through a running server). */
  session?: Session;
  program: ProgramRow;
  /** Who the audit log names. */
  actor: { id: string | null; email: string };
}

/** The signed-in operator and their program, with at least `role`; 401 without a live session, 403 below the role. */
export async function operatorCaller(
  c: Context,
  db: Sql,
  role: OperatorRole | 'any',
  now: Date,
): Promise<OperatorCaller> {
  checkSameOrigin(c);
  const secret = sessionCookie(c);
  const session = secret ? await readSession(db, secret, now) : undefined;
  if (!session) throw unauthenticated('Sign in to the console: no session, or it has ended.');
  if (role !== 'any' && !allows(session.operator.role, role))
    throw forbidden(`This needs the ${role} role; you are signed in as ${session.operator.role}.`);
  const program = await programById(db, session.operator.program_id);
  if (!program) throw unauthenticated('The program of this session is gone.');
  return { session, program, actor: { id: session.operator.id, email: session.operator.email } };
}
