import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import {
  type ConsoleRouteDef,
  type ConsoleRouteName,
  type ConsoleRoutes,
  consoleRoutes,
  type ErrorEnvelope,
} from '@member-center/contract';
import type { Context, Hono } from 'hono';
import * as z from 'zod/mini';
import { DEFAULT_OVERLAP_HOURS, keysView, rotateKey } from '../commands/keys.js';
import type { Database, Sql } from '../db/database.js';
import { cursorSeq, pageSize } from '../kernel/paging.js';
import type { ProgramCache } from '../kernel/program-cache.js';
import { programById } from '../kernel/programs.js';
import { listAudit, recordAudit } from '../operators/audit.js';
import {
  addOperator,
  listOperators,
  loginLinkPath,
  type OperatorRow,
  operatorByEmail,
  operatorView,
  redeemLoginToken,
  removeOperator,
} from '../operators/operators.js';
import { verifyPassword } from '../operators/passwords.js';
import { endAllSessions, endSession, startSession } from '../operators/sessions.js';
import { clearFailures, FREE_FAILURES, lockedFor, recordFailure, throttleKeys } from '../operators/throttle.js';
import { merchantProgram, type ProgramLookup } from './auth.js';
import {
  checkSameOrigin,
  clearSessionCookie,
  type OperatorCaller,
  operatorCaller,
  setSessionCookie,
} from './console-auth.js';
import { ApiError, unauthenticated } from './errors.js';
import { clientIp } from './rate-limit.js';
import { type Env, jsonBody, parse } from './route.js';

type Parsed<S> = S extends z.ZodMiniType ? z.output<S> : undefined;
type In<D extends ConsoleRouteDef> = {
  params: Parsed<D['params']>;
  query: Parsed<D['query']>;
  body: Parsed<D['body']>;
};
type ConsoleHandler<D extends ConsoleRouteDef> = (
  input: In<D>,
  caller: OperatorCaller | undefined,
  c: Context,
) => Promise<z.input<D['response']>>;

export interface ConsoleOptions {
  db: Database;
  programs: Pick<ProgramCache<unknown>, 'forget'> & ProgramLookup;
  clock: () => Date;
  checkResponses: boolean;
  /** The proxy header with the client's address (as for rate limits). */
  ipHeader?: string | undefined;
}

/** The console page's policy: this origin's scripts and styles only; reward images may come from anywhere over https. */
export const CONSOLE_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: https:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const sessionView = (
  operator: OperatorRow,
  program: { id: string; name: string; currency: string },
  expiresAt: Date,
) => ({
  operator: operatorView(operator),
  program: { id: program.id, name: program.name, currency: program.currency },
  expiresAt: expiresAt.toISOString(),
});

/** The console's routes (/console/api/…) and its page (/console). */
export function mountConsole(app: Hono<Env>, { db, programs, clock, checkResponses, ipHeader }: ConsoleOptions) {
  function route<N extends ConsoleRouteName>(name: N, handler: ConsoleHandler<ConsoleRoutes[N]>) {
    const def: ConsoleRouteDef = consoleRoutes[name];
    app.on(def.method, def.path.replace(/\{(\w+)\}/g, ':$1'), async (c) => {
      c.header('Cache-Control', 'no-store');
      const bySecretKey = def.secretKey && c.req.header('Authorization') !== undefined;
      if (!bySecretKey) checkSameOrigin(c);
      const caller = bySecretKey
        ? { program: await merchantProgram(c, programs), actor: { id: null, email: 'secret key' } }
        : def.role === 'public'
          ? undefined
          : await operatorCaller(c, db, def.role, clock());
      const input = {
        params: def.params && parse(def.params, c.req.param(), 'path'),
        query: def.query && parse(def.query, c.req.query(), 'query'),
        body: def.body && parse(def.body, await jsonBody(c), 'body'),
      } as In<ConsoleRoutes[N]>;
      const out = await handler(input, caller, c);
      if (checkResponses) {
        const check = def.response.safeParse(out);
        if (!check.success)
          throw new ApiError(500, 'internal_error', `Response breaks the contract: ${z.prettifyError(check.error)}`);
      }
      return c.json(out as object, def.status);
    });
  }
  /** Writes an operator's audit entry in the transaction of the change it records. */
  const audit = (
    tx: Sql,
    caller: OperatorCaller,
    entry: { action: string; target?: string; before?: unknown; after?: unknown },
  ) =>
    recordAudit(
      tx,
      {
        programId: caller.program.id,
        operator: caller.actor,
        ...entry,
      },
      clock(),
    );

  async function signIn(c: Context, operator: OperatorRow) {
    const program = await programById(db, operator.program_id);
    if (!program) throw unauthenticated('The program of this operator is gone.');
    const { secret, expiresAt } = await startSession(db, operator.id, clock());
    setSessionCookie(c, secret, expiresAt);
    return sessionView(operator, program, expiresAt);
  }

  route('login', async ({ body }, _, c) => {
    const now = clock();
    const keys = throttleKeys(body.email, clientIp(c, ipHeader));
    const wait = await lockedFor(db, [keys.account, keys.ip], now);
    if (wait > 0) {
      const seconds = Math.ceil(wait / 1000);
      throw new ApiError(
        429,
        'rate_limited',
        `Too many failed sign-ins; try again in ${seconds} second${seconds === 1 ? '' : 's'}.`,
        { retryAfter: seconds },
        { 'Retry-After': String(seconds) },
      );
    }
    const operator = await operatorByEmail(db, body.email);
    // An unknown email is checked against a dummy hash: it takes as long as a wrong password.
    if (!(await verifyPassword(body.password, operator?.password_hash ?? null)) || !operator) {
      await recordFailure(db, keys.account, FREE_FAILURES.account, now);
      await recordFailure(db, keys.ip, FREE_FAILURES.ip, now);
      throw unauthenticated('The email or the password is not right.');
    }
    await clearFailures(db, keys.account);
    return signIn(c, operator);
  });
  route('linkLogin', async ({ body }, _, c) => {
    const operator = await redeemLoginToken(db, body.token, body.password, clock());
    if (!operator) throw unauthenticated('This login link is not valid any more; ask an owner for a new one.');
    await clearFailures(db, throttleKeys(operator.email, '').account);
    return signIn(c, operator);
  });
  route('getSession', async (_, caller) =>
    sessionView(caller!.session!.operator, caller!.program, caller!.session!.expiresAt),
  );
  route('logout', async (_, caller, c) => {
    clearSessionCookie(c);
    return { signedOut: await endSession(db, caller!.session!.id) };
  });
  route('logoutEverywhere', async (_, caller, c) => {
    clearSessionCookie(c);
    return { signedOut: await endAllSessions(db, caller!.session!.operator.id) };
  });
  route('listOperators', async (_, caller) => ({
    items: (await listOperators(db, caller!.program.id)).map(operatorView),
  }));
  route('addOperator', async ({ body }, caller) => {
    const { operator, token } = await db.transaction(async (tx) => {
      const added = await addOperator(tx, { programId: caller!.program.id, ...body }, clock());
      await audit(tx, caller!, {
        action: 'operator.added',
        target: `operator:${added.operator.email}`,
        after: operatorView(added.operator),
      });
      return added;
    });
    return { operator: operatorView(operator), loginLink: token ? loginLinkPath(token) : null };
  });
  route('removeOperator', async ({ params }, caller) => {
    await db.transaction(async (tx) => {
      const removed = await removeOperator(tx, caller!.program.id, { id: params.id });
      await audit(tx, caller!, {
        action: 'operator.removed',
        target: `operator:${removed.email}`,
        before: operatorView(removed),
      });
    });
    return { removed: true };
  });
  route('listAudit', async ({ query }, caller) =>
    listAudit(db, caller!.program.id, query, pageSize(query.limit), cursorSeq(query.cursor)),
  );
  route('getKeys', async (_, caller) => keysView(caller!.program, new Date()));
  route('rotateKey', async ({ body }, caller) => {
    const before = keysView(caller!.program, new Date());
    const overlap = body.overlapHours ?? DEFAULT_OVERLAP_HOURS;
    // Keys overlap on the wall clock (as the key lookup reads it), not the loyalty rules' clock.
    const rotated = await db.transaction(async (tx) => {
      const rotated = await rotateKey(tx, caller!.program, body.kind, overlap, new Date());
      await audit(tx, caller!, {
        action: 'keys.rotated',
        target: `key:${body.kind}`,
        before,
        after: { ...keysView(rotated.program, new Date()), overlapHours: overlap },
      });
      return rotated;
    });
    programs.forget(caller!.program);
    return { kind: body.kind, key: rotated.key, previousUntil: rotated.previousUntil.toISOString() };
  });

  app.get('/console', (c) => page(c));
  app.get('/console/', (c) => page(c));
  app.get('/console/assets/*', (c) => asset(c));
}

// ---------- the page ----------

interface Asset {
  body: Buffer;
  gzip: Buffer;
  type: string;
}

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.png': 'image/png',
};

/**
 * The console's build (packages/console's dist/): the published server carries a copy in
 * dist/console/ (scripts/vendor-docs.mjs copies it); from the sources, the workspace's.
 */
function consoleDir() {
  const vendored = fileURLToPath(new URL('../console/', import.meta.url));
  if (existsSync(join(vendored, 'index.html'))) return vendored;
  return fileURLToPath(new URL('../../../console/dist/', import.meta.url));
}

let files: Map<string, Asset> | undefined;
function loadFiles() {
  if (files) return files;
  const dir = consoleDir();
  const found = new Map<string, Asset>();
  const walk = (at: string) => {
    if (!existsSync(at)) return;
    for (const name of readdirSync(at)) {
      const path = join(at, name);
      if (statSync(path).isDirectory()) walk(path);
      else {
        const body = readFileSync(path);
        found.set(relative(dir, path).split('\\').join('/'), {
          body,
          gzip: gzipSync(body),
          type: TYPES[extname(name)] ?? 'application/octet-stream',
        });
      }
    }
  };
  walk(dir);
  files = found;
  return found;
}

function securityHeaders(c: Context) {
  c.header('Content-Security-Policy', CONSOLE_POLICY);
  c.header('X-Content-Type-Options', 'nosniff');
  c.header('Referrer-Policy', 'no-referrer');
  c.header('X-Frame-Options', 'DENY');
}

function send(c: Context, found: Asset) {
  const gzip = /\bgzip\b/.test(c.req.header('Accept-Encoding') ?? '');
  c.header('Content-Type', found.type);
  c.header('Vary', 'Accept-Encoding');
  if (gzip) c.header('Content-Encoding', 'gzip');
  return c.body(new Uint8Array(gzip ? found.gzip : found.body));
}

function page(c: Context) {
  securityHeaders(c);
  const index = loadFiles().get('index.html');
  c.header('Cache-Control', 'no-cache');
  if (!index)
    return c.text('The console is not built: run `pnpm --filter @member-center/console build`, then reload.', 503);
  return send(c, index);
}

function asset(c: Context) {
  securityHeaders(c);
  const path = c.req.path.slice('/console/'.length);
  const found = loadFiles().get(path);
  if (!found)
    return c.json({ error: { code: 'not_found', message: 'No such console file.' } } satisfies ErrorEnvelope, 404);
  // Vite names every asset after its content's hash.
  c.header('Cache-Control', 'public, max-age=31536000, immutable');
  return send(c, found);
}
