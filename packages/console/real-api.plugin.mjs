// The real API beside web-test-runner, for the console's tests: a program with a member and an
// operator per role, and a proxy that puts the API's /v1 and /console/api on the test page's
// own origin (the console is same-origin with its API; the Host header is passed on, so the
// API's Origin check sees the page's origin as its own). Needs tsx as a Node loader.
import { request } from 'node:http';
import { addOperator, createProgram, openDatabase, startServer } from '@member-center/server';

export const PASSWORD = 'console test password';
export const OPERATORS = {
  owner: 'owner@console.test',
  staff: 'staff@console.test',
  viewer: 'viewer@console.test',
  locked: 'locked@console.test',
};

/** `{ plugin, proxy }`: the plugin for `plugins`, the proxy for `middleware`. */
export function consoleApi() {
  /** @type {Promise<{ db: any; server: any; program: any }> | undefined} */
  let api;

  async function start() {
    const db = await openDatabase();
    try {
      const program = await createProgram(db, {
        name: 'Console Test Shop',
        currency: 'CNY',
        tiers: [
          { name: 'Bronze', threshold: 0 },
          { name: 'Silver', threshold: 1000, multiplierPercent: 125 },
        ],
      });
      for (const [role, email] of Object.entries(OPERATORS))
        await addOperator(
          db,
          { programId: program.id, email, role: role === 'locked' ? 'viewer' : role, password: PASSWORD },
          new Date(),
        );
      const server = await startServer(db, { port: 0, hostname: '127.0.0.1', checkResponses: true, rateLimits: false });
      const merchant = async (method, path, body) => {
        const res = await fetch(server.url + path, {
          method,
          headers: { Authorization: `Bearer ${program.secret_key}`, 'Content-Type': 'application/json' },
          ...(body !== undefined && { body: JSON.stringify(body) }),
        });
        if (!res.ok) throw new Error(`${method} ${path} → ${res.status}: ${await res.text()}`);
        return res.json();
      };
      await merchant('POST', '/v1/members/c-1/orders', {
        orderId: 'c-1-first',
        total: { amount: 50_000, currency: 'CNY' },
      });
      await merchant('PUT', '/v1/members/c-2', { name: '李雷', email: 'li@example.com' });
      await merchant('POST', '/v1/rewards', { name: 'Tote bag', cost: 800, stock: 10 });
      return { db, server, program, merchant };
    } catch (error) {
      await db.close();
      throw error;
    }
  }

  /** Koa middleware: /v1/… and /console/api/… go to the API, Host and cookies untouched. */
  async function proxy(ctx, next) {
    if (!/^\/(v1|console\/api)(\/|$)/.test(ctx.path)) return next();
    const { server } = await api;
    const target = new URL(server.url);
    await new Promise((resolve, reject) => {
      const upstream = request(
        { host: target.hostname, port: target.port, method: ctx.method, path: ctx.url, headers: ctx.req.headers },
        (res) => {
          ctx.status = res.statusCode ?? 502;
          for (const [name, value] of Object.entries(res.headers)) if (value !== undefined) ctx.set(name, value);
          ctx.body = res;
          resolve();
        },
      );
      upstream.on('error', reject);
      ctx.req.pipe(upstream);
    });
  }

  const plugin = {
    name: 'member-center-console-api',
    serverStart() {
      api = start();
      api.catch(() => {});
    },
    async serverStop() {
      const started = await api?.catch(() => undefined);
      api = undefined;
      if (!started) return;
      await started.server.close();
      await started.db.close();
    },
    async executeCommand({ command, payload }) {
      if (command === 'console-api') {
        await api;
        return { password: PASSWORD, operators: OPERATORS };
      }
      if (command === 'console-api:member') {
        const { merchant } = await api;
        return merchant('GET', `/v1/members/${encodeURIComponent(payload.customerId)}`);
      }
      if (command === 'console-api:failed-delivery') {
        // An endpoint whose one delivery has used up its attempts (as the worker leaves it after 8).
        const { merchant, db, program } = await api;
        const { webhook } = await merchant('POST', '/v1/webhooks', {
          url: 'https://hooks.console.test/down',
          events: ['tier.changed'],
        });
        const [outbox] = await db.query(
          `INSERT INTO webhook_outbox (program_id, type, data, created_at, dispatched_at)
           VALUES ($1, 'tier.changed', '{}', now(), now()) RETURNING id`,
          [program.id],
        );
        await db.query(
          `INSERT INTO webhook_deliveries (program_id, endpoint_id, outbox_id, status, attempts, next_attempt_at,
             last_status, last_error, created_at)
           VALUES ($1, $2, $3, 'failed', 8, now(), 503, 'HTTP 503', now())`,
          [program.id, webhook.id, outbox.id],
        );
        return { url: webhook.url };
      }
      if (command === 'console-api:get') {
        const { merchant } = await api;
        return merchant('GET', payload.path);
      }
      return undefined;
    },
  };
  return { plugin, proxy };
}
