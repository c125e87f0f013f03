import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { signMemberToken } from '@member-center/server';
import { Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';

export interface ShopOptions {
  port: number;
  /** Where the loyalty API answers (another origin, as on a real merchant site). */
  apiUrl: string;
  publishableKey: string;
  /** Stays on this server: it signs member tokens and records orders. */
  secretKey: string;
  /** The folder holding the built embed.js and its chunks. */
  embedDir: string;
}

const SESSION = 'demo_shop_user';
const DEMO_USERS: Record<string, string> = { 'demo-member': 'Ada Demo', 'new-shopper': 'Li Lei' };

/**
 * The demo shop: a plain HTML page on its own origin, plus the three endpoints a merchant's
 * backend adds for Member Center — a member token for the logged-in shopper, and (for the
 * demo) log in/out and "place an order", which earns points through the secret-key API.
 */
export function startShop(o: ShopOptions) {
  const app = new Hono();
  const user = (c: Parameters<typeof getCookie>[0]) => {
    const id = getCookie(c, SESSION);
    return id && id in DEMO_USERS ? id : undefined;
  };

  app.use('*', async (c, next) => {
    await next();
    // A strict policy, as on a careful merchant's site: no inline script or style, no eval,
    // Trusted Types required. The widgets must work under it.
    c.header(
      'Content-Security-Policy',
      [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        `connect-src 'self' ${o.apiUrl}`,
        "img-src 'self' data: https:",
        "require-trusted-types-for 'script'",
        'trusted-types lit-html member-center',
      ].join('; '),
    );
  });

  app.get('/loyalty/token', async (c) => {
    const id = user(c);
    if (!id) return c.json({ token: null });
    return c.json({ token: await signMemberToken(o.secretKey, id, { ttl: 15 * 60, name: DEMO_USERS[id] }) });
  });
  app.post('/demo/login', async (c) => {
    const { customerId } = await c.req.json<{ customerId?: string }>().catch(() => ({ customerId: undefined }));
    const id = customerId && customerId in DEMO_USERS ? customerId : 'demo-member';
    setCookie(c, SESSION, id, { httpOnly: true, sameSite: 'Lax', path: '/' });
    return c.json({ customerId: id, name: DEMO_USERS[id] });
  });
  app.post('/demo/logout', (c) => {
    deleteCookie(c, SESSION, { path: '/' });
    return c.json({ ok: true });
  });
  app.post('/demo/order', async (c) => {
    const id = user(c);
    if (!id) return c.json({ error: 'Log in first.' }, 401);
    const { amount } = await c.req.json<{ amount?: number }>().catch(() => ({ amount: undefined }));
    const res = await fetch(`${o.apiUrl}/v1/members/${encodeURIComponent(id)}/orders`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${o.secretKey}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ orderId: `demo-${randomUUID()}`, total: { amount: amount ?? 19_900, currency: 'CNY' } }),
    });
    return c.json(await res.json(), res.status as 201);
  });
  // The page as a merchant would paste it: their publishable key and API URL in the script tag.
  const page = readFileSync(new URL('./public/index.html', import.meta.url), 'utf8')
    .replaceAll('{{publishableKey}}', o.publishableKey)
    .replaceAll('{{apiUrl}}', o.apiUrl);
  app.get('/', (c) => c.html(page));
  app.use('/embed/*', serveStatic({ root: o.embedDir, rewriteRequestPath: (p) => p.replace(/^\/embed/, '') }));
  app.use('/*', serveStatic({ root: new URL('./public', import.meta.url).pathname }));

  return new Promise<{ url: string; close(): Promise<void> }>((resolve) => {
    const server = serve({ fetch: app.fetch, port: o.port }, (info: AddressInfo) =>
      resolve({
        url: `http://localhost:${info.port}`,
        close: () => new Promise<void>((done) => server.close(() => done())),
      }),
    );
  });
}
