import { CustomerId, UpsertMemberBody } from '@member-center/contract';
import type { Context } from 'hono';
import { errors, jwtVerify } from 'jose';
import type { ProgramCache } from '../kernel/program-cache.js';
import type { ProgramRow } from '../kernel/programs.js';
import type { MemberRow, Profile } from '../ledger/members.js';
import { MAX_TOKEN_LIFETIME_S } from '../tokens.js';
import { ApiError, forbidden, unauthenticated } from './errors.js';

/** Where a request's program comes from: the process's program cache. */
export type ProgramLookup = Pick<ProgramCache<unknown>, 'byPublishableKey' | 'bySecretKey'>;

/** Reads (or enrols) the member a token names; routes may read more with it in the same statement. */
export type MemberLoader = (program: ProgramRow, customerId: string, profile: Profile) => Promise<MemberRow>;

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
  }
  return program;
}

// Importing the HMAC key costs more than checking a signature: import it once per secret key.
const verificationKeys = new Map<string, Promise<CryptoKey>>();
function verificationKey(secretKey: string) {
  let key = verificationKeys.get(secretKey);
  if (!key) {
    key = crypto.subtle.importKey(
      'raw',
      new TextEncoder().encode(secretKey),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['verify'],
    );
    verificationKeys.set(secretKey, key);
  }
  return key;
}

/** The secret keys a member token may be signed with: the current one, and a replaced one during its overlap. */
const signingKeys = (p: ProgramRow) =>
  p.previous_secret_key && p.previous_secret_key_until && new Date(p.previous_secret_key_until) > new Date()
    ? [p.secret_key, p.previous_secret_key]
    : [p.secret_key];

async function verifyWithKeys(token: string, keys: string[]): Promise<Record<string, unknown>> {
  for (const [i, key] of keys.entries()) {
    try {
      return (
        await jwtVerify(token, await verificationKey(key), {
          algorithms: ['HS256'],
          requiredClaims: ['sub', 'iat', 'exp'],
          clockTolerance: 30,
        })
      ).payload;
    } catch (error) {
      if (!(error instanceof errors.JWSSignatureVerificationFailed) || i === keys.length - 1) throw error;
    }
  }
  throw new Error('no key');
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
  let claims: Record<string, unknown>;
  try {
    claims = await verifyWithKeys(token, signingKeys(program));
  } catch (error) {
    if (error instanceof errors.JWTExpired)
      throw new ApiError(401, 'token_expired', 'The member token has expired; fetch a fresh one.');
    throw unauthenticated(
      `The member token is not valid: ${error instanceof errors.JOSEError ? error.message : 'unreadable'}.`,
    );
  }
  const { sub, iat, exp } = claims as { sub: unknown; iat: number; exp: number };
  if (exp - iat > MAX_TOKEN_LIFETIME_S) {
    throw unauthenticated(
      'The member token lives longer than 24 hours; sign tokens that expire sooner (15 minutes is usual).',
    );
  }
  if (iat > Date.now() / 1000 + 30)
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
  return load(program, customerId.data, profile);
}
