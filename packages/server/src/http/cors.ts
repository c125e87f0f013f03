import type { Context, MiddlewareHandler } from 'hono';
import type { Database } from '../db/database.js';

const ALLOW_HEADERS = 'Authorization, Content-Type, Idempotency-Key, X-Publishable-Key';
const EXPOSE_HEADERS = 'Idempotent-Replayed, Retry-After, RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset';

/**
 * CORS as DESIGN.md says: a preflight carries no key, so it is answered for an origin that
 * some program allows; a real request is answered (by the auth step) only for an origin that
 * the program of its own key allows. Here: preflights and `Vary`; `allowOrigin` (called by the
 * auth step) adds the headers of an allowed response.
 */
export function cors(db: Database): MiddlewareHandler {
  return async (c, next) => {
    const origin = c.req.header('Origin');
    if (c.req.method === 'OPTIONS') {
      const allowed =
        origin !== undefined &&
        (await db.query('SELECT 1 FROM programs WHERE allowed_origins @> ARRAY[$1::text] LIMIT 1', [origin])).length >
          0;
      c.header('Vary', 'Origin');
      if (!allowed) return c.body(null, 204);
      c.header('Access-Control-Allow-Origin', origin);
      c.header('Access-Control-Allow-Methods', 'GET, POST, PUT, PATCH, OPTIONS');
      c.header('Access-Control-Allow-Headers', ALLOW_HEADERS);
      // As long as browsers keep a preflight (Firefox a day, Chromium clamps to 2 h): a member page
      // pays its preflights once. Safe: each response still carries, or lacks, its own Allow-Origin.
      c.header('Access-Control-Max-Age', '86400');
      return c.body(null, 204);
    }
    // Set before the response exists, so Hono writes it with the response; a header added to a
    // finished response makes Hono rebuild it as a stream, which cost ~10 % of a GET's CPU.
    c.header('Vary', 'Origin', { append: true });
    await next();
  };
}

/** A request from `origin` that its program allows (the auth step decides): the response may be read there. */
export function allowOrigin(c: Context, origin: string) {
  c.header('Access-Control-Allow-Origin', origin);
  c.header('Access-Control-Expose-Headers', EXPOSE_HEADERS);
}
