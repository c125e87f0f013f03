import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { type AppOptions, createApp } from './app.js';
import type { Database } from './db/database.js';

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

/** Serves the API over HTTP; `port: 0` picks a free port (tests). */
export function startServer(
  db: Database,
  {
    port = 8787,
    hostname,
    checkResponses = false,
    clock,
    rateLimits,
  }: Pick<AppOptions, 'checkResponses' | 'clock' | 'rateLimits'> & { port?: number; hostname?: string } = {},
) {
  const app = createApp({
    db,
    checkResponses,
    ...(clock && { clock }),
    ...(rateLimits !== undefined && { rateLimits }),
  });
  return new Promise<RunningServer>((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port, ...(hostname && { hostname }) }, (info: AddressInfo) => {
      const host = !hostname || hostname === '0.0.0.0' || hostname === '::' ? 'localhost' : hostname;
      resolve({
        url: `http://${host}:${info.port}`,
        close: async () => {
          await new Promise<void>((done) => {
            server.close(() => done());
            // Keep-alive sockets would hold close() open; idle ones can go now.
            (server as unknown as { closeIdleConnections?: () => void }).closeIdleConnections?.();
          });
          await app.close();
        },
      });
    });
    server.once('error', reject);
  });
}
