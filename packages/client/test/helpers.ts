import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createProgram, type NewProgram, openDatabase, signMemberToken, startServer } from '@member-center/server';
import { createClient } from '../src/index.js';

/** The real API on a free port, over an in-memory database, with one program (`settings` added to its defaults). */
export async function startApi(settings: Partial<NewProgram> = {}) {
  const db = await openDatabase();
  const program = await createProgram(db, {
    name: 'Client Test Shop',
    allowedOrigins: ['http://shop.test'],
    ...settings,
  });
  const server = await startServer(db, { port: 0, checkResponses: true });

  /** A merchant call (secret key, no Origin), as the merchant's backend makes it. */
  async function merchant<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: { Authorization: `Bearer ${program.secret_key}`, 'Content-Type': 'application/json' },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    const json = (await response.json()) as T;
    if (!response.ok) throw new Error(`${method} ${path} → ${response.status}: ${JSON.stringify(json)}`);
    return json;
  }

  let orders = 0;
  return {
    /** A client signed in as `customerId` (a 15-minute token), optionally over another `fetch`. */
    memberClient: async (customerId: string, fetch?: typeof globalThis.fetch) =>
      createClient({
        baseUrl: server.url,
        publishableKey: program.publishable_key,
        token: await signMemberToken(program.secret_key, customerId, { ttl: 900 }),
        ...(fetch && { fetch }),
      }),
    url: server.url,
    publishableKey: program.publishable_key,
    secretKey: program.secret_key,
    merchant,
    createReward: async (name: string, cost: number) =>
      (await merchant<{ reward: { id: string } }>('POST', '/v1/rewards', { name, cost })).reward.id,
    /** Awards `points` through an order (1 point per ¥1 = 100 fen). */
    givePoints: (customerId: string, points: number) =>
      merchant('POST', `/v1/members/${customerId}/orders`, {
        orderId: `order-${++orders}`,
        total: { amount: points * 100, currency: 'CNY' },
      }),
    balanceOf: async (customerId: string) =>
      (await merchant<{ points: { balance: number } }>('GET', `/v1/members/${customerId}`)).points.balance,
    async close() {
      await server.close();
      await db.close();
    },
  };
}

/**
 * The request a `fetch` was given, without reading its body (copying it would). Not
 * `instanceof Request`: @hono/node-server swaps the global Request class in this process.
 */
export const asRequest = (input: string | URL | Request, init?: RequestInit): Request =>
  typeof input === 'string' || input instanceof URL ? new Request(input, init) : input;

export interface SeenRequest {
  method: string;
  path: string;
  headers: Headers;
}

/** A `fetch` that records every request the client sends (what the server actually receives). */
export function recordingFetch(inner: typeof fetch = fetch) {
  const seen: SeenRequest[] = [];
  const wrapped: typeof fetch = (input, init) => {
    const request = asRequest(input, init);
    seen.push({ method: request.method, path: new URL(request.url).pathname, headers: request.headers });
    return inner(input, init);
  };
  const count = (method: string, path: string) => seen.filter((r) => r.method === method && r.path === path).length;
  return { fetch: wrapped, seen, count };
}

/** A tiny local HTTP server that answers as `handler` says: a fake of a broken API. */
export async function fakeServer(handler: (req: IncomingMessage, res: ServerResponse) => void) {
  const hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port nobody listens on: bind one, note it, let it go. */
export async function closedPort() {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

/** Resolves when `check` holds for a store notification (or at once if it already holds). */
export function until<T>(
  subscribe: (listener: (value: T) => void) => () => void,
  current: T,
  check: (value: T) => boolean,
  ms = 5000,
): Promise<T> {
  if (check(current)) return Promise.resolve(current);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error('timed out waiting for the store'));
    }, ms);
    const off = subscribe((value) => {
      if (!check(value)) return;
      clearTimeout(timer);
      off();
      resolve(value);
    });
  });
}
