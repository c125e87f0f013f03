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
  // The shop's own order numbers, as a shopper reads them on a receipt (the API shows them in the history).
  let nextOrderNumber = 1001;
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
  /** The loyalty API with the secret key: what a merchant's backend calls. */
  const loyalty = (path: string, body?: unknown) =>
    fetch(`${o.apiUrl}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { Authorization: `Bearer ${o.secretKey}`, 'Content-Type': 'application/json' },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
  // Checkout: a coupon code (a redeemed reward's or a points discount's) is looked up, used on the
  // order — one call that only one checkout can win — and the rest is paid and earns points.
  app.post('/demo/order', async (c) => {
    const id = user(c);
    if (!id) return c.json({ error: 'Log in first.' }, 401);
    const { amount = 19_900, couponCode } = await c.req
      .json<{ amount?: number; couponCode?: string }>()
      .catch(() => ({ amount: undefined, couponCode: undefined }));
    const orderId = `demo-${randomUUID()}`;
    let discount = 0;
    let code: string | undefined;
    if (couponCode?.trim()) {
      const found = await loyalty(`/v1/coupons/${encodeURIComponent(couponCode.trim())}`);
      const body = (await found.json()) as {
        coupon?: { code: string; customerId: string; status: string; value: { amount: number } | null };
        error?: { message: string };
      };
      if (!found.ok || !body.coupon) return c.json({ error: body.error?.message ?? 'Unknown code.' }, 422);
      if (body.coupon.customerId !== id) return c.json({ error: 'This code belongs to another member.' }, 422);
      // The total before the discount: the API holds a points discount to the program's share of it.
      const used = await loyalty(`/v1/coupons/${encodeURIComponent(body.coupon.code)}/use`, {
        orderId,
        orderTotal: { amount, currency: 'CNY' },
      });
      if (!used.ok)
        return c.json({ error: ((await used.json()) as { error: { message: string } }).error.message }, 422);
      code = body.coupon.code;
      discount = Math.min(body.coupon.value?.amount ?? 0, amount);
    }
    const res = await loyalty(`/v1/members/${encodeURIComponent(id)}/orders`, {
      orderId,
      label: `#${nextOrderNumber++}`,
      total: { amount: amount - discount, currency: 'CNY' },
    });
    // The order did not go through: the code is the shopper's again.
    if (!res.ok && code) await loyalty(`/v1/coupons/${encodeURIComponent(code)}/release`, { orderId });
    const answer = (await res.json()) as Record<string, unknown>;
    return c.json({ ...answer, ...(code && { coupon: { code, discount } }) }, res.status as 201);
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
