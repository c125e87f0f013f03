import { createHmac, timingSafeEqual } from 'node:crypto';

/** Receivers refuse a signature older (or newer) than this: a captured request cannot be replayed later. */
export const REPLAY_WINDOW_S = 300;

const hmac = (secret: string, timestamp: number, body: string | Uint8Array) =>
  createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');

/** The `Member-Center-Signature` header for `body` sent at `at`: `t=<unix seconds>,v1=<hex HMAC-SHA256>`. */
export function signWebhook(secret: string, body: string | Uint8Array, at: Date = new Date()) {
  const t = Math.floor(at.getTime() / 1000);
  return `t=${t},v1=${hmac(secret, t, body)}`;
}

/**
 * Checks a delivery as a receiver should: `header` is `Member-Center-Signature`, `body` the raw
 * request body exactly as received (not re-serialised JSON). True only when a `v1` signature
 * matches and its timestamp lies within `toleranceS` of `now`.
 */
export function verifyWebhook(
  secret: string,
  header: string | null | undefined,
  body: string | Uint8Array,
  now: Date = new Date(),
  toleranceS = REPLAY_WINDOW_S,
) {
  if (!header) return false;
  let t: number | undefined;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const [key, value] = part.trim().split('=', 2);
    if (key === 't' && value && /^\d{1,12}$/.test(value)) t = Number(value);
    else if (key === 'v1' && value && /^[0-9a-f]{64}$/.test(value)) signatures.push(value);
  }
  if (t === undefined || Math.abs(now.getTime() / 1000 - t) > toleranceS) return false;
  const expected = Buffer.from(hmac(secret, t, body), 'hex');
  return signatures.some((s) => timingSafeEqual(Buffer.from(s, 'hex'), expected));
}
