import { createHmac, timingSafeEqual } from 'node:crypto';
import { CustomerId, UpsertMemberBody } from '@member-center/contract';
import type { Context } from 'hono';
import type { ProgramCache } from '../kernel/program-cache.js';
import type { ProgramRow } from '../kernel/programs.js';
import type { MemberRow, Profile } from '../ledger/members.js';
import { MAX_TOKEN_LIFETIME_S } from '../tokens.js';
import { allowOrigin } from './cors.js';
import { ApiError, forbidden, unauthenticated } from './errors.js';

/** Where a request's program comes from: the process's program cache. */
export type ProgramLookup = Pick<ProgramCache<unknown>, 'byPublishableKey' | 'bySecretKey'>;

/** Reads (or enrols) the member a token names; routes may read more with it in the same statement. */
export type MemberLoader = (
  program: ProgramRow,
  customerId: string,
  profile: Profile,
  /** The token's `iat` (seconds): a token issued before its member was erased is refused. */
  issuedAt: number,
) => Promise<MemberRow>;

const bearer = (c: Context) => /^Bearer (\S+)$/.exec(c.req.header('Authorization') ?? '')?.[1];

/** A merchant call: the secret key, and never from a browser (a browser sends `Origin`). */
export async function merchantProgram(c: Context, programs: ProgramLookup): Promise<ProgramRow> {
  if (c.req.header('Origin') !== undefined) {
    throw forbidden(
      'Secret keys are for server-to-server calls and are refused from browsers; use the publishable key there.',
    );
  }
  const key = bearer(c);
  if (!key?.startsWith('sk_')) throw unauthenticated('Send the secret key as `Authorization: Bearer sk_…`.');
  const program = await programs.bySecretKey(key);
  if (!program) throw unauthenticated('Unknown secret key.');
  return program;
}

/** A browser call: the publishable key, from an origin its program allows. */
export async function browserProgram(c: Context, programs: ProgramLookup): Promise<ProgramRow> {
  const key = c.req.header('X-Publishable-Key');
  if (!key) throw unauthenticated('Send the publishable key in the `X-Publishable-Key` header.');
  const program = key.startsWith('pk_') ? await programs.byPublishableKey(key) : undefined;
  if (!program) throw unauthenticated('Unknown publishable key.');
  const origin = c.req.header('Origin');
  if (origin !== undefined) {
    if (!program.allowed_origins.includes(origin)) {
      throw forbidden(`The origin ${origin} is not allowed for this program; add it to the program's allowed origins.`);
    }
    c.set('corsAllowed', true);
    allowOrigin(c, origin);
  }
  return program;
}

const BASE64URL = /^[A-Za-z0-9_-]+$/;
const fromBase64url = (part: string) => Buffer.from(part, 'base64url');

/** A member token refused: not signed by this program, or not a JWT at all. */
const invalidToken = (why: string) => unauthenticated(`The member token is not valid: ${why}.`);

/**
 * The claims of a compact JWS signed HS256 with one of `secretKeys` (and which), or a 401. Checked here with
 * node:crypto's HMAC rather than through WebCrypto (jose): the same check, but synchronous,
 * where an asynchronous WebCrypto job per token was ~12 % of a redemption's CPU. Only HS256 is
 * accepted (the header says so, and no critical extensions), each part must be strict
 * base64url, and the signature is compared in constant time.
 */
function verifiedClaims(token: string, secretKeys: string[]): { claims: Record<string, unknown>; key: string } {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts.every((part) => BASE64URL.test(part))) throw invalidToken('it is not a compact JWS');
  const [header, payload, signature] = parts as [string, string, string];
  const protectedHeader = parseJson(fromBase64url(header));
  if (protectedHeader?.alg !== 'HS256') throw invalidToken('it must be signed HS256');
  if (protectedHeader.crit !== undefined) throw invalidToken('critical header parameters are not supported');
  const given = fromBase64url(signature);
  const signedBy = (key: string) => {
    const expected = createHmac('sha256', key).update(`${header}.${payload}`).digest();
    return given.length === expected.length && timingSafeEqual(given, expected);
  };
  const key = secretKeys.find(signedBy);
  if (key === undefined) {
    throw invalidToken('signature verification failed');
  }
  const claims = parseJson(fromBase64url(payload));
  if (!claims) throw invalidToken('its payload is not a JSON object');
  return { claims, key };
}

function parseJson(bytes: Buffer): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(bytes.toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** What a verified token says: whom it speaks for, and until when (ms since the epoch). */
interface VerifiedToken {
  secretKey: string;
  customerId: string;
  profile: Profile;
  issuedAt: number;
  /** exp + the clock tolerance: past it, the token is verified again (and refused as expired). */
  usableUntil: number;
}

const CLOCK_TOLERANCE_S = 30;
/** Verified tokens kept per process (least recently used dropped first); ~0.5 KB each. */
const VERIFIED_TOKENS = 20_000;
// A page view sends the same token several times and a widget polls with it: checking its HMAC
// each time was ~12 % of GET /v1/me's CPU. Only tokens that passed every check below are kept,
// keyed by the whole token string and bound to the secret key that verified them (a rotated key
// misses), and never used past their `exp`; a forged or expired token is never a hit.
const verifiedTokens = new Map<string, VerifiedToken>();

function cachedToken(token: string, secretKey: string): VerifiedToken | undefined {
  const hit = verifiedTokens.get(token);
  if (!hit) return undefined;
  verifiedTokens.delete(token); // re-inserted below: the Map's order is the LRU order
  if (hit.secretKey !== secretKey || hit.usableUntil <= Date.now()) return undefined;
  verifiedTokens.set(token, hit);
  return hit;
}

function remember(token: string, verified: VerifiedToken) {
  if (verifiedTokens.size >= VERIFIED_TOKENS) verifiedTokens.delete(verifiedTokens.keys().next().value!);
  verifiedTokens.set(token, verified);
}

/**
 * The member a token speaks for, enrolled on first sight. The token is an HS256 JWT signed
 * with the program's secret key by the merchant's backend, so a token of another program
 * fails its signature check.
 */
export async function tokenMember(c: Context, program: ProgramRow, load: MemberLoader): Promise<MemberRow | null> {
  const token = bearer(c);
  if (token === undefined) {
    if (c.req.header('Authorization') !== undefined)
      throw unauthenticated('Send the member token as `Authorization: Bearer <token>`.');
    return null;
  }
  const verified = cachedToken(token, program.secret_key) ?? verifyToken(token, program);
  return load(program, verified.customerId, verified.profile, verified.issuedAt);
}

/** The secret keys a member token may be signed with: the current one, and a replaced one during its overlap. */
const signingKeys = (p: ProgramRow) =>
  p.previous_secret_key && p.previous_secret_key_until && new Date(p.previous_secret_key_until) > new Date()
    ? [p.secret_key, p.previous_secret_key]
    : [p.secret_key];

function verifyToken(token: string, program: ProgramRow): VerifiedToken {
  const { claims, key } = verifiedClaims(token, signingKeys(program));
  for (const claim of ['sub', 'iat', 'exp'] as const) {
    if (claims[claim] === undefined) throw invalidToken(`missing required "${claim}" claim`);
  }
  for (const claim of ['iat', 'exp', 'nbf'] as const) {
    if (claims[claim] !== undefined && typeof claims[claim] !== 'number') {
      throw invalidToken(`"${claim}" claim must be a number`);
    }
  }
  const now = Date.now() / 1000;
  if (typeof claims.nbf === 'number' && claims.nbf > now + CLOCK_TOLERANCE_S) {
    throw invalidToken('"nbf" claim timestamp check failed');
  }
  if ((claims.exp as number) <= now - CLOCK_TOLERANCE_S)
    throw new ApiError(401, 'token_expired', 'The member token has expired; fetch a fresh one.');
  const { sub, iat, exp } = claims as { sub: unknown; iat: number; exp: number };
  if (exp - iat > MAX_TOKEN_LIFETIME_S) {
    throw unauthenticated(
      'The member token lives longer than 24 hours; sign tokens that expire sooner (15 minutes is usual).',
    );
  }
  if (iat > now + CLOCK_TOLERANCE_S)
    throw unauthenticated('The member token was issued in the future; check the signing clock.');
  const customerId = CustomerId.safeParse(sub);
  if (!customerId.success) throw unauthenticated("The member token's `sub` is not a valid customer id.");
  // Profile claims are optional; one the schema refuses is left out rather than locking the shopper out.
  const profile = Object.fromEntries(
    (['name', 'email', 'birthday'] as const).flatMap((k) => {
      const field = UpsertMemberBody.shape[k].safeParse(claims[k]);
      return claims[k] !== undefined && field.success && field.data !== undefined ? [[k, field.data]] : [];
    }),
  );
  const verified = {
    secretKey: program.secret_key,
    customerId: customerId.data,
    profile,
    issuedAt: iat,
    usableUntil: (exp + CLOCK_TOLERANCE_S) * 1000,
  };
  // Only a token of the current key is kept: one of a replaced key is checked each time, so it
  // stops working when the rotation's overlap ends.
  if (key === program.secret_key) remember(token, verified);
  return verified;
}
