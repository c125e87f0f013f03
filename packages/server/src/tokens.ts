import { SignJWT } from 'jose';

/** Member tokens may live a day at most (15 minutes is the documented default). */
export const MAX_TOKEN_LIFETIME_S = 24 * 60 * 60;

export interface TokenOptions {
  /** Seconds the token lives; 15 minutes by default, 24 hours at most. */
  ttl?: number;
  name?: string;
  email?: string;
  /** YYYY-MM-DD */
  birthday?: string;
}

/**
 * Signs a member token as the merchant's backend does: HS256 with the program's secret key,
 * `sub` the merchant's customer id. This is the reference for docs/security.md.
 */
export function signMemberToken(secretKey: string, sub: string, { ttl = 900, ...profile }: TokenOptions = {}) {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ ...profile })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(sub)
    .setIssuedAt(now)
    .setExpirationTime(now + ttl)
    .sign(new TextEncoder().encode(secretKey));
}
