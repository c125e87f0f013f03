import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';

/**
 * Refuses request bodies over `maxBytes` with `onError`'s response. A GET or HEAD has no body,
 * and a body sent with a Content-Length within the limit cannot outgrow it (Node's parser
 * reads exactly that many bytes, and refuses Content-Length with Transfer-Encoding): both pass
 * without touching the body. Only a chunked body is counted as it streams, by Hono's bodyLimit.
 * Touching the body in the middleware made @hono/node-server build a whole web Request and
 * stream around it, and lose its fast path for reading the body (~5 % of a redemption's CPU).
 */
export function limitBodies(
  maxBytes: number,
  onError: (c: Context) => Response | Promise<Response>,
): MiddlewareHandler {
  const counting = bodyLimit({ maxSize: maxBytes, onError });
  return (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    const length = c.req.header('Content-Length');
    if (length !== undefined && c.req.header('Transfer-Encoding') === undefined && /^\d{1,16}$/.test(length)) {
      return Number(length) > maxBytes ? Promise.resolve(onError(c)) : next();
    }
    return counting(c, next);
  };
}
