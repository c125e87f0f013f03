/**
 * The API as its own process for `bench/api.ts`: on 2 cores, autocannon in the server's
 * process would share its event loop and measure itself. Opens DATABASE_URL, listens on
 * 127.0.0.1 (PORT, or a free port), prints one JSON line `{"url": …}` once it accepts
 * connections, and shuts down cleanly on SIGTERM / SIGINT.
 */
import { openDatabase, startServer } from '../src/index.js';

const url = process.env.DATABASE_URL;
if (!url?.startsWith('postgres')) {
  console.error('bench/serve.ts needs DATABASE_URL=postgres://…');
  process.exit(2);
}

const db = await openDatabase({ url });
const server = await startServer(db, { port: Number(process.env.PORT ?? 0), hostname: '127.0.0.1' });
process.stdout.write(`${JSON.stringify({ url: server.url, pid: process.pid })}\n`);

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  await server.close();
  await db.close();
  process.exit(0);
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
