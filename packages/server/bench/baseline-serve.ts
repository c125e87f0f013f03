/**
 * The yardsticks of `bench/api.ts`, served exactly as `bench/serve.ts` serves the API (its own
 * process, @hono/node-server, 127.0.0.1, the same DATABASE_POOL_SIZE): `GET /hello` answers
 * without the database, `GET /select?p=<program>&c=<customer>` with one indexed `SELECT` of a
 * member row. What the API does beyond that is the API's own cost. Prints `{"url": …}` once
 * it listens; stops on SIGTERM.
 */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { openDatabase } from '../src/index.js';

const url = process.env.DATABASE_URL;
if (!url?.startsWith('postgres')) {
  console.error('bench/baseline-serve.ts needs DATABASE_URL=postgres://…');
  process.exit(2);
}

const db = await openDatabase({ url });
const app = new Hono();
app.get('/hello', (c) => c.json({ hello: 'world' }));
app.get('/select', async (c) => {
  const [row] = await db.query('SELECT id, balance FROM members WHERE program_id = $1 AND customer_id = $2', [
    c.req.query('p'),
    c.req.query('c'),
  ]);
  return c.json(row ?? null);
});
const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => {
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${info.port}`, pid: process.pid })}\n`);
});

async function stop() {
  server.close();
  await db.close();
  process.exit(0);
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
