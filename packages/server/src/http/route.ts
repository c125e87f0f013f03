import { ErrorEnvelope, IdempotencyKeyHeader, type RouteDef } from '@member-center/contract';
import type { Context, Hono } from 'hono';
import * as z from 'zod/mini';
import type { Database } from '../db/database.js';
import { insideTransaction } from '../db/sql.js';
import { Outcome } from '../kernel/idempotency.js';
import type { ProgramRow } from '../kernel/programs.js';
import type { MemberRow } from '../ledger/members.js';
import { tokenMemberRow } from '../ledger/members.js';
import { recordAudit } from '../operators/audit.js';
import { browserProgram, type MemberLoader, merchantProgram, type ProgramLookup, tokenMember } from './auth.js';
import { hasSessionCookie, type OperatorCaller, operatorCaller } from './console-auth.js';
import { ApiError, forbidden, invalidRequest, unauthenticated } from './errors.js';
import type { RateLimiter } from './rate-limit.js';
import { accessOf } from './roles.js';

export interface Env {
  Variables: { corsAllowed: boolean };
}

type Parsed<S> = S extends z.ZodMiniType ? z.output<S> : undefined;

export interface Input<D extends RouteDef> {
  params: Parsed<D['params']>;
  query: Parsed<D['query']>;
  body: Parsed<D['body']>;
}

export interface Caller<D extends RouteDef> {
  db: Database;
  program: ProgramRow;
  member: D['auth'] extends 'member' ? MemberRow : MemberRow | null;
  /** The `Idempotency-Key` header, on routes that require one. */
  idempotencyKey: string;
  /** Called with the secret key (always on merchant routes; on a `secretKeyToo` route when it was sent). */
  merchant: boolean;
  /** Runs `fn` once the change is committed (at once when the handler is not inside a transaction). */
  afterCommit(fn: () => void): void;
}

export type Handler<D extends RouteDef> = (
  input: Input<D>,
  caller: Caller<D>,
) => Promise<z.input<D['response']> | Outcome>;

/** `value` checked against `schema`, or a 400 naming the first wrong field (`where.path`). */
export function parse(schema: z.ZodMiniType, value: unknown, where: string) {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => ({
    path: [where, ...i.path].join('.'),
    message: i.message,
    code: i.code,
  }));
  throw invalidRequest(`The request's ${where} is not valid: ${issues[0]!.path}: ${issues[0]!.message}`, { issues });
}

/** The request's JSON body, or a 400 saying what is wrong with it. */
export async function jsonBody(c: Context) {
  const text = await c.req.text();
  if (!text.trim()) throw invalidRequest('This route needs a JSON body.');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw invalidRequest('The body is not valid JSON.');
  }
}

export interface MountOptions {
  db: Database;
  /** The process's program cache. */
  programs: ProgramLookup;
  /** How this route reads the token's member (default: tokenMemberRow); GET /v1/me reads its summary with it. */
  loadMember?: MemberLoader;
  /** Check every response against the contract before it leaves (on in tests). */
  checkResponses: boolean;
  /** Rate limits, checked once the caller is known; none when absent. */
  rateLimiter?: RateLimiter | undefined;
  /** The clock of sessions and audit entries. */
  clock?: () => Date;
}

/** A write's reason when its body has no field for one: `X-Audit-Reason`, URI-encoded (headers are Latin-1). */
function auditReason(c: Context) {
  const header = c.req.header('X-Audit-Reason');
  if (!header) return null;
  try {
    return decodeURIComponent(header).slice(0, 500);
  } catch {
    return header.slice(0, 500);
  }
}

/**
 * A merchant (or guest) route called by the console: an operator's session cookie in place of the
 * secret key (a request with an Authorization header is a secret-key call, one with a publishable
 * key a widget's), with the role the route needs.
 */
async function consoleCaller(c: Context, db: Database, def: RouteDef, now: Date): Promise<OperatorCaller | undefined> {
  if (def.auth === 'member' || c.req.header('Authorization') !== undefined) return undefined;
  if (c.req.header('X-Publishable-Key') !== undefined || !hasSessionCookie(c)) return undefined;
  const access = accessOf(def);
  if (!access) throw forbidden("This route is for the shop's backend (the secret key), not the console.");
  return operatorCaller(c, db, access.role, now);
}

/** Serves one route of the contract: auth, validation of every input, the handler, the reply. */
export function mount<D extends RouteDef>(
  app: Hono<Env>,
  def: D,
  handler: Handler<D>,
  { db, programs, loadMember, checkResponses, rateLimiter, clock = () => new Date() }: MountOptions,
) {
  app.on(def.method, def.path.replace(/\{(\w+)\}/g, ':$1'), async (c) => {
    const operator = await consoleCaller(c, db, def, clock());
    // An operator's session, like the secret key, is a merchant caller. A secretKeyToo route takes
    // the secret key in place of the publishable key (not beside it).
    const merchant =
      operator !== undefined ||
      def.auth === 'merchant' ||
      (def.secretKeyToo === true &&
        c.req.header('X-Publishable-Key') === undefined &&
        /^Bearer sk_/.test(c.req.header('Authorization') ?? ''));
    const program =
      operator?.program ?? (merchant ? await merchantProgram(c, programs) : await browserProgram(c, programs));
    const load =
      loadMember ?? ((p, customerId, profile, issuedAt) => tokenMemberRow(db, p.id, customerId, profile, issuedAt));
    const member = merchant ? null : await tokenMember(c, program, load);
    if (def.auth === 'member' && !member)
      throw unauthenticated('This route needs a member token: `Authorization: Bearer <token>`.');
    await rateLimiter?.check(c, merchant ? { ...def, auth: 'merchant' } : def, program, member);
    const input = {
      params: def.params && parse(def.params, c.req.param(), 'path'),
      query: def.query && parse(def.query, c.req.query(), 'query'),
      body: def.body && parse(def.body, await jsonBody(c), 'body'),
    } as Input<D>;
    const idempotencyKey = def.idempotencyKey
      ? (parse(IdempotencyKeyHeader, c.req.header('Idempotency-Key'), 'Idempotency-Key header') as string)
      : '';
    const audit = operator && def.method !== 'GET' ? accessOf(def)?.audit : undefined;
    const auditInput = input as unknown as { params: Record<string, string>; body: Record<string, unknown> };
    const committed: (() => void)[] = [];
    const run = (on: Database) =>
      handler(input, {
        db: on,
        program,
        member: member as Caller<D>['member'],
        idempotencyKey,
        merchant,
        afterCommit: (fn) => void committed.push(fn),
      });
    const answer = (out: Awaited<ReturnType<Handler<D>>>) =>
      out instanceof Outcome ? ([out.status, out.body, out.replayed] as const) : ([def.status, out, false] as const);
    // An operator's change and its audit entry commit together or not at all.
    const [status, body, replayed] = !(audit && operator)
      ? answer(await run(db))
      : await db.transaction(async (tx) => {
          committed.length = 0; // a retried transaction starts over
          const scoped = insideTransaction(tx, db.kind);
          const before = await audit.before?.(scoped, program, auditInput);
          const reply = answer(await run(scoped));
          const [status, body, replayed] = reply;
          if (status < 400 && !replayed) {
            const reason = auditInput.body?.reason;
            await recordAudit(
              tx,
              {
                programId: program.id,
                operator: operator.actor,
                action: audit.action,
                target: audit.target?.(auditInput, body) ?? null,
                before: before ?? null,
                after: (audit.after ? audit.after(body) : body) ?? null,
                reason: typeof reason === 'string' ? reason : auditReason(c),
              },
              clock(),
            );
          }
          return reply;
        });
    for (const fn of committed) fn();
    if (replayed) c.header('Idempotent-Replayed', 'true');
    if (checkResponses) {
      const check = (status < 400 ? def.response : ErrorEnvelope).safeParse(body);
      if (!check.success) {
        throw new ApiError(500, 'internal_error', `Response breaks the contract: ${z.prettifyError(check.error)}`);
      }
    }
    return c.json(body as object, status as 200);
  });
}
