/**
 * The API as its own process for `bench/api.ts`: on 2 cores, autocannon in the server's
 * process would share its event loop and measure itself. Opens DATABASE_URL, listens on
 * 127.0.0.1 (PORT, or a free port), prints one JSON line `{"url": …}` once it accepts
 * connections, and shuts down cleanly on SIGTERM / SIGINT.
 *
 * It serves `createApp` exactly as `startServer` does, plus a count of requests in flight:
 * autocannon drops its sockets when a run ends, but their handlers still run, and closing
 * the pool under them would log "Cannot use a pool after calling end on the pool".
 */
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { serve } from '@hono/node-server';
import { rateLimitsFromEnv } from '../src/http/rate-limit.js';
import { createApp, openDatabase } from '../src/index.js';

const url = process.env.DATABASE_URL;
if (!url?.startsWith('postgres')) {
  console.error('bench/serve.ts needs DATABASE_URL=postgres://…');
  process.exit(2);
}

const db = await openDatabase({ url });
// The bench hammers one member on purpose, far past any rate limit a shop would set. bench/scale.ts
// measures the limiter itself: BENCH_RATE_LIMITS=on reads RATE_LIMIT_* / REDIS_URL as `serve` does.
const app = createApp({ db, rateLimits: process.env.BENCH_RATE_LIMITS === 'on' ? rateLimitsFromEnv() : false });
let inFlight = 0;
const server = serve(
  {
    fetch: async (request, env) => {
      inFlight++;
      try {
        return await app.fetch(request, env);
      } finally {
        inFlight--;
      }
    },
    port: Number(process.env.PORT ?? 0),
    hostname: '127.0.0.1',
  },
  (info: AddressInfo) => {
    process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${info.port}`, pid: process.pid })}\n`);
  },
);

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  server.close();
  for (let waited = 0; inFlight > 0 && waited < 10_000; waited += 20) await sleep(20);
  await db.close();
  process.exit(0); // also writes the --cpu-prof profile, when asked for
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
