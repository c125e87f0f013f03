// A web-test-runner plugin that runs the real loyalty API next to the dev server, so
// integration tests drive the elements with the real client over real HTTP and CORS.
// Needs tsx as a Node loader (the server package resolves to its TypeScript sources).
// Other workspace packages import it as `@member-center/elements/testing/real-api` (a workspace
// export only: the published package ships dist/, not this file or the server it starts).
import { createServer, request } from 'node:http';
import { createProgram, openDatabase, signMemberToken, startServer } from '@member-center/server';

/**
 * A pass-through in front of the API that writes down every request it forwards (`METHOD path`),
 * preflights too, which the browser's own resource timing does not show.
 */
async function countingProxy(target) {
  const log = [];
  const { hostname, port } = new URL(target);
  const proxy = createServer((req, res) => {
    log.push(`${req.method} ${req.url}`);
    const upstream = request({ hostname, port, path: req.url, method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  await new Promise((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${proxy.address().port}`,
    log,
    close: () =>
      new Promise((resolve) => {
        proxy.closeAllConnections();
        proxy.close(() => resolve());
      }),
  };
}

/** The catalog every integration test sees, created through the merchant API. */
export const REAL_API_REWARDS = [
  { name: '¥10 coupon', cost: 500, stock: 12, perMemberLimit: 1 },
  {
    name: 'Gift card',
    cost: 1000,
    description: 'Spend it on anything.',
    translations: { 'zh-CN': { name: '礼品卡', description: '全场通用。' } },
  },
  { name: 'Tote bag', cost: 1360, stock: 40 },
];

/**
 * `executeServerCommand('real-api', {points})` enrols a new member with `points` (earned through
 * an order) and returns `{apiUrl, origin, publishableKey, token, customerId}`; each call is a
 * member of its own, so tests do not share balances. `executeServerCommand('real-api:balance',
 * {customerId})` returns that member's balance as the merchant API reports it;
 * `executeServerCommand('real-api:use', {code, orderId})` uses a coupon at checkout.
 * `executeServerCommand('real-api:counted', {points})` enrols a member as `real-api` does, with an
 * `apiUrl` that counts: `executeServerCommand('real-api:requests')` then lists what the page sent
 * there since the last ask, CORS preflights included.
 */
export function realApiPlugin() {
  /** @type {Promise<{ db: any; server: any; program: any; merchant: (method: string, path: string, body?: unknown) => Promise<any>; origin: string }> | undefined} */
  let api;
  let members = 0;

  async function start(origin) {
    // PGlite's initdb takes seconds: it runs while the browser launches.
    const db = await openDatabase();
    try {
      const program = await createProgram(db, {
        name: 'Elements Test Shop',
        currency: 'CNY',
        // The page's origin, exactly: the API refuses browser requests from any other.
        allowedOrigins: [origin],
        cashPoints: 100,
        cashMinor: 100,
        tiers: [
          { name: 'Bronze', threshold: 0 },
          {
            name: 'Silver',
            threshold: 1000,
            multiplierPercent: 125,
            benefits: ['1.25× points'],
            translations: { 'zh-CN': { name: '白银', benefits: ['1.25 倍积分'] } },
          },
          { name: 'Gold', threshold: 2000, multiplierPercent: 150, benefits: ['1.5× points'] },
        ],
        checkIn: { points: 5, bonusDay: 7, bonusPoints: 50 },
      });
      const server = await startServer(db, { port: 0, hostname: '127.0.0.1', checkResponses: true });
      /** A merchant call: secret key, no Origin, as the merchant's backend makes it. */
      const merchant = async (method, path, body) => {
        const response = await fetch(server.url + path, {
          method,
          headers: { Authorization: `Bearer ${program.secret_key}`, 'Content-Type': 'application/json' },
          ...(body !== undefined && { body: JSON.stringify(body) }),
        });
        const json = await response.json();
        if (!response.ok) throw new Error(`${method} ${path} → ${response.status}: ${JSON.stringify(json)}`);
        return json;
      };
      for (const reward of REAL_API_REWARDS) await merchant('POST', '/v1/rewards', reward);
      // Points as cash at checkout: from 100 points, in steps of 50.
      await merchant('PATCH', '/v1/program', { pointsDiscount: { minPoints: 100, step: 50, validMinutes: 30 } });
      return { db, server, program, merchant, origin, proxy: await countingProxy(server.url) };
    } catch (error) {
      await db.close();
      throw error;
    }
  }

  return {
    name: 'member-center-real-api',

    serverStart({ config }) {
      const origin = `${config.http2 ? 'https' : 'http'}://${config.hostname}:${config.port}`;
      api = start(origin);
      // Reported when a test asks for the API; an unhandled rejection here would kill the runner.
      api.catch(() => {});
    },

    async serverStop() {
      if (!api) return;
      const started = await api.catch(() => undefined);
      api = undefined;
      if (!started) return;
      await started.proxy.close();
      await started.server.close();
      await started.db.close();
    },

    async executeCommand({ command, payload }) {
      const commands = ['real-api', 'real-api:balance', 'real-api:use', 'real-api:counted', 'real-api:requests'];
      if (!commands.includes(command)) return undefined;
      if (!api) throw new Error('The real API is not running');
      const { server, program, merchant, origin, proxy } = await api;
      // What reached the counting proxy since the last ask (`METHOD path?query`), then forgotten.
      if (command === 'real-api:requests') return proxy.log.splice(0);
      // What the merchant's backend sees, to check the server really spent the points.
      if (command === 'real-api:balance') {
        return (await merchant('GET', `/v1/members/${encodeURIComponent(payload.customerId)}`)).points.balance;
      }
      // The shop's checkout using a code on an order: `{code, orderId}` → the coupon's status.
      if (command === 'real-api:use') {
        const used = await merchant('POST', `/v1/coupons/${encodeURIComponent(payload.code)}/use`, {
          orderId: payload.orderId,
        });
        return used.coupon.status;
      }
      const points = Number(payload?.points ?? 0);
      const customerId = `wtr-member-${++members}`;
      if (points > 0) {
        await merchant('POST', `/v1/members/${customerId}/orders`, {
          orderId: `${customerId}-order`,
          total: { amount: points * 100, currency: 'CNY' },
        });
      }
      return {
        // `real-api:counted`: the same API behind the counting proxy (see real-api:requests).
        apiUrl: command === 'real-api:counted' ? proxy.url : server.url,
        origin,
        publishableKey: program.publishable_key,
        token: await signMemberToken(program.secret_key, customerId, { ttl: 900 }),
        customerId,
      };
    },
  };
}
