import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { createProgram, type NewProgram } from '../src/commands/program.js';
import { type Database, openDatabase } from '../src/db/database.js';
import { migrationsFingerprint } from '../src/db/migrations.js';
import type { RateLimitOptions } from '../src/http/rate-limit.js';
import type { ProgramRow } from '../src/kernel/programs.js';
import { startServer } from '../src/server.js';
import { signMemberToken, type TokenOptions } from '../src/tokens.js';
import { scratchDatabase } from './scratch-database.js';

/** The suite runs on PostgreSQL when DATABASE_URL is set, else on PGlite. */
export const DATABASE_URL = process.env.DATABASE_URL;
export const backend = DATABASE_URL ? 'postgres' : 'pglite';

const TEMPLATE_DIR = new URL('../node_modules/.cache/member-center/', import.meta.url);

/** A migrated PGlite from a template made once per schema (a fresh initdb takes ~5 s). */
async function pgliteFromTemplate() {
  const file = new URL(`pglite-${migrationsFingerprint()}.tar.gz`, TEMPLATE_DIR);
  let dump: Blob;
  try {
    dump = new Blob([readFileSync(file)]);
  } catch {
    const template = new PGlite();
    const db = await openDatabase({ pglite: template });
    dump = await template.dumpDataDir('gzip');
    await db.close();
    mkdirSync(TEMPLATE_DIR, { recursive: true });
    writeFileSync(file, Buffer.from(await dump!.arrayBuffer()));
  }
  return openDatabase({ pglite: new PGlite({ loadDataDir: dump!, parsers: { 20: Number } }) });
}

/** A database of its own for one suite: PGlite from the template, or a new PostgreSQL database. */
export async function testDatabase(): Promise<Database> {
  if (!DATABASE_URL) return pgliteFromTemplate();
  const scratch = await scratchDatabase(DATABASE_URL, 'mc_test');
  const db = await openDatabase({ url: scratch.url });
  return {
    ...db,
    async close() {
      await db.close();
      await scratch.drop();
    },
  };
}

export interface TestApi {
  url: string;
  db: Database;
  program: ProgramRow;
  /** Signs a member token for this program. */
  token(customerId: string, options?: TokenOptions): Promise<string>;
  /** A member or guest request, as a browser would send it (with the program's publishable key). */
  browser(path: string, init?: RequestInit & { token?: string; json?: unknown }): Promise<Response>;
  /** A merchant request with the secret key. */
  merchant(path: string, init?: RequestInit & { json?: unknown }): Promise<Response>;
  close(): Promise<void>;
}

export const DEFAULT_PROGRAM: NewProgram = {
  name: 'Test Shop',
  currency: 'CNY',
  allowedOrigins: ['http://shop.test'],
  cashPoints: 100,
  cashMinor: 100,
  tiers: [
    { name: 'Bronze', threshold: 0 },
    { name: 'Silver', threshold: 1000, multiplierPercent: 125, benefits: ['1.25× points'] },
    { name: 'Gold', threshold: 2000, multiplierPercent: 150, benefits: ['1.5× points'] },
  ],
};

/** A clock that tests move by hand; the API reads it for every loyalty rule. */
export interface TestClock {
  (): Date;
  set(iso: string): void;
  advance(days: number): void;
}

export function testClock(iso = '2026-01-10T12:00:00Z'): TestClock {
  let now = new Date(iso);
  return Object.assign(() => new Date(now), {
    set(to: string) {
      now = new Date(to);
    },
    advance(days: number) {
      now = new Date(now.getTime() + days * 86_400_000);
    },
  });
}

/**
 * A real API over HTTP on a free port, on a database of its own. Rate limits are off unless a
 * suite asks for them: suites hammer one member on purpose (races, idempotency).
 */
export async function startTestApi(
  program: NewProgram = DEFAULT_PROGRAM,
  { clock, rateLimits = false }: { clock?: () => Date; rateLimits?: RateLimitOptions | false } = {},
): Promise<TestApi> {
  const db = await testDatabase();
  const row = await createProgram(db, program);
  const server = await startServer(db, {
    port: 0,
    hostname: '127.0.0.1',
    checkResponses: true,
    ...(clock && { clock }),
    rateLimits,
  });
  const request = (path: string, headers: Record<string, string>, init: RequestInit & { json?: unknown } = {}) => {
    const { json, ...rest } = init;
    return fetch(server.url + path, {
      ...rest,
      headers: {
        ...(json !== undefined && { 'Content-Type': 'application/json' }),
        ...headers,
        ...(rest.headers as Record<string, string>),
      },
      ...(json !== undefined && { body: JSON.stringify(json) }),
    });
  };
  return {
    url: server.url,
    db,
    program: row,
    token: (customerId, options) => signMemberToken(row.secret_key, customerId, options),
    browser: (path, { token, ...init } = {}) =>
      request(
        path,
        { 'X-Publishable-Key': row.publishable_key, ...(token && { Authorization: `Bearer ${token}` }) },
        init,
      ),
    merchant: (path, init) => request(path, { Authorization: `Bearer ${row.secret_key}` }, init),
    async close() {
      await server.close();
      await db.close();
    },
  };
}

/** Gives a member points through a real order (1 point per ¥1 at Bronze). */
export function earn(api: TestApi, customerId: string, points: number) {
  return order(api, customerId, `order-${randomBytes(8).toString('hex')}`, points);
}

export async function createReward(api: TestApi, reward: Record<string, unknown>) {
  const res = await api.merchant('/v1/rewards', { method: 'POST', json: reward });
  if (res.status !== 201) throw new Error(`createReward failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { reward: { id: string } }).reward;
}

/** Every member's materialised balance next to the sum of its ledger entries. */
export async function balancesVersusLedger(db: Database) {
  return db.query<{ customer_id: string; balance: number; ledger: number }>(
    `SELECT m.customer_id, m.balance, coalesce(sum(l.points), 0)::bigint AS ledger
     FROM members m LEFT JOIN ledger_entries l ON l.member_id = m.id GROUP BY m.id ORDER BY m.customer_id`,
  );
}

/** Members whose open point lots do not add up to their balance (expected: none). */
export async function lotsVersusBalance(db: Database) {
  return db.query<{ customer_id: string; balance: number; lots: number }>(
    `SELECT m.customer_id, m.balance, coalesce(sum(l.remaining), 0)::bigint AS lots
     FROM members m LEFT JOIN point_lots l ON l.member_id = m.id GROUP BY m.id
     HAVING m.balance <> coalesce(sum(l.remaining), 0) ORDER BY m.customer_id`,
  );
}

/** The money invariants every suite ends on: balance = ledger sum, open lots = balance. */
export async function assertMoneyInvariants(db: Database) {
  assert.deepEqual(await lotsVersusBalance(db), [], 'the open point lots add up to every balance');
  for (const r of await balancesVersusLedger(db)) assert.equal(r.balance, r.ledger, r.customer_id);
}

/** How a suite ends: its money invariants checked, then its API closed. */
export async function closeChecked(api: TestApi) {
  await assertMoneyInvariants(api.db);
  await api.close();
}

/** What `POST /v1/members/{customerId}/orders` answers. */
export interface OrderAnswer {
  pointsAwarded: number;
  points: { balance: number };
  pendingUntil?: string;
  campaign?: { id: string; name: string; multiplier: number };
}

/** Records an order of `yuan` (1 point per ¥1 at the base tier) and expects it to be taken. */
export function order<T = OrderAnswer>(api: TestApi, customerId: string, orderId: string, yuan: number) {
  return orderMinor<T>(api, customerId, orderId, yuan * 100);
}

/** Records an order of `amount` minor units (fen) and expects it to be taken. */
export async function orderMinor<T = OrderAnswer>(api: TestApi, customerId: string, orderId: string, amount: number) {
  const res = await api.merchant(`/v1/members/${customerId}/orders`, {
    method: 'POST',
    json: { orderId, total: { amount, currency: 'CNY' } },
  });
  assert.equal(res.status, 201, await res.clone().text());
  return (await res.json()) as T;
}

/** Refunds `minor` units of an order (the answer unread: suites test refusals too). */
export function refund(
  api: TestApi,
  customerId: string,
  orderId: string,
  refundId: string,
  minor: number,
  currency = 'CNY',
) {
  return api.merchant(`/v1/members/${customerId}/orders/${orderId}/refunds`, {
    method: 'POST',
    json: { refundId, amount: { amount: minor, currency } },
  });
}

/** Refunds `minor` units of an order and expects it to be taken. */
export async function refunded(api: TestApi, customerId: string, orderId: string, refundId: string, minor: number) {
  const res = await refund(api, customerId, orderId, refundId, minor);
  assert.equal(res.status, 201, await res.clone().text());
  return (await res.json()) as { pointsClawedBack: number; points: { balance: number }; debt: number };
}

/**
 * Subscribes a webhook endpoint (never called: no worker runs in tests) so that events of
 * these types are written to the outbox, where a suite can read them.
 */
export async function subscribe(api: TestApi, events: string[]) {
  const res = await api.merchant('/v1/webhooks', {
    method: 'POST',
    json: { url: 'https://hooks.example.com/loyalty', events },
  });
  assert.equal(res.status, 201, await res.clone().text());
}

/** A member redeems a reward, with a fresh idempotency key (the answer unread). */
export async function redeem(api: TestApi, customerId: string, rewardId: string) {
  return api.browser('/v1/me/redemptions', {
    method: 'POST',
    token: await api.token(customerId),
    headers: { 'Idempotency-Key': randomUUID() },
    json: { rewardId },
  });
}

/** A member redeems a reward and expects it to be taken. */
export async function redeemed(api: TestApi, customerId: string, rewardId: string) {
  const res = await redeem(api, customerId, rewardId);
  assert.equal(res.status, 201, await res.clone().text());
}

/** `GET /v1/me` as the member sees it; `T` names the fields a suite reads. */
export async function memberView<T>(api: TestApi, customerId: string) {
  return (await (await api.browser('/v1/me', { token: await api.token(customerId) })).json()) as T;
}

/** A member's ledger, oldest first. */
export function ledgerOf(api: TestApi, customerId: string) {
  return api.db.query<{
    type: string;
    points: number;
    balance_after: number;
    description: string;
    order_id: string | null;
    created_at: Date;
  }>(
    `SELECT type, points, balance_after, description, order_id, created_at FROM ledger_entries
     WHERE member_id = (SELECT id FROM members WHERE customer_id = $1) ORDER BY id`,
    [customerId],
  );
}
