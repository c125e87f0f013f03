import type { IncomingMessage } from 'node:http';
import { type RouteDef, routes } from '@member-center/contract';
import type { Context } from 'hono';
import type { Database } from '../db/database.js';
import type { ProgramRow } from '../kernel/programs.js';
import type { MemberRow } from '../ledger/members.js';
import { ApiError } from './errors.js';
import { RedisStore } from './rate-limit-redis.js';
import { type BucketRule, MemoryStore, PostgresStore, type RateLimitStore, type Taken } from './rate-limit-store.js';

export type { BucketRule, RateLimitStore, Taken } from './rate-limit-store.js';

/** `limit` requests per `windowSeconds`, refilled continuously (a token bucket holding `limit`). */
export interface RateRule {
  limit: number;
  windowSeconds: number;
}

/** Which bucket a request draws from. Each request draws one token from exactly one bucket. */
export type RateKind = 'member' | 'guest' | 'redemptions' | 'checkIns' | 'merchant' | 'couponMisses';

export interface RateLimitOptions {
  /** Any browser request carrying a member token, per publishable key + member. */
  member?: RateRule;
  /** A browser request without a member token, per publishable key + client IP. */
  guest?: RateRule;
  /** `POST /v1/me/redemptions`, per publishable key + member: stricter than reads. */
  redemptions?: RateRule;
  /** `POST /v1/me/check-ins`, per publishable key + member (one counts per day; the rest are retries). */
  checkIns?: RateRule;
  /** Every merchant request, per secret key. */
  merchant?: RateRule;
  /**
   * Coupon codes the program does not have (`/v1/coupons/{code}…` answering 404), per secret key:
   * once used up, every coupon code route answers 429 until the bucket refills, so codes
   * cannot be guessed by trying.
   */
  couponMisses?: RateRule;
  /**
   * The header a trusted proxy puts the client IP in (`X-Forwarded-For`, `X-Real-IP`, …); without
   * it, the socket's address. For `X-Forwarded-For` the last entry is used: the one your proxy added.
   */
  ipHeader?: string;
  /**
   * Where the buckets live: `memory` (this process; the default on PGlite), `postgres` (the
   * API's database, shared by every process on it; the default on DATABASE_URL), `redis`
   * (`redisUrl`; the default when REDIS_URL is set), or a store of your own.
   */
  store?: StoreName | RateLimitStore;
  /** The Redis to keep buckets in (`REDIS_URL`). */
  redisUrl?: string;
  /** Put before every Redis key (default `mc:rl:`). */
  redisKeyPrefix?: string;
  /** Milliseconds a take may wait for Redis before the request goes through unlimited (default 250). */
  redisTimeoutMs?: number;
  /** Milliseconds since the epoch; tests move it instead of sleeping. */
  now?: () => number;
  /** Buckets kept in memory before idle ones are dropped. */
  maxKeys?: number;
}

export type StoreName = 'memory' | 'postgres' | 'redis';

/**
 * A real shopper never comes near these; a script hammering one member or key does within seconds.
 * Guests share an IP behind office and mobile-carrier NAT, hence their larger allowance.
 */
export const DEFAULT_RATE_LIMITS: Required<Pick<RateLimitOptions, RateKind>> = {
  member: { limit: 300, windowSeconds: 60 },
  guest: { limit: 600, windowSeconds: 60 },
  redemptions: { limit: 10, windowSeconds: 60 },
  checkIns: { limit: 10, windowSeconds: 60 },
  merchant: { limit: 6000, windowSeconds: 60 },
  couponMisses: { limit: 30, windowSeconds: 60 },
};

const ENV_NAMES: Record<RateKind, string> = {
  member: 'RATE_LIMIT_MEMBER',
  guest: 'RATE_LIMIT_GUEST',
  redemptions: 'RATE_LIMIT_REDEMPTIONS',
  checkIns: 'RATE_LIMIT_CHECK_INS',
  merchant: 'RATE_LIMIT_MERCHANT',
  couponMisses: 'RATE_LIMIT_COUPON_MISSES',
};

/**
 * The limits an operator set: `RATE_LIMITS=off` turns them all off; `RATE_LIMIT_<KIND>=<limit>/<seconds>`
 * (e.g. `RATE_LIMIT_REDEMPTIONS=10/60`) overrides one; `RATE_LIMIT_IP_HEADER` names the proxy's header;
 * `REDIS_URL` keeps the buckets in Redis, `RATE_LIMIT_STORE=memory|postgres|redis` picks the store.
 */
export function rateLimitsFromEnv(env: Record<string, string | undefined> = process.env): RateLimitOptions | false {
  if (env.RATE_LIMITS !== undefined && /^(off|false|0|no)$/i.test(env.RATE_LIMITS.trim())) return false;
  const options: RateLimitOptions = {};
  for (const [kind, name] of Object.entries(ENV_NAMES) as [RateKind, string][]) {
    const value = env[name]?.trim();
    if (!value) continue;
    const match = /^(\d+)\s*\/\s*(\d+)s?$/.exec(value);
    if (!match || Number(match[1]) < 1 || Number(match[2]) < 1) {
      throw new Error(`${name}=${value} is not a rate limit; write <requests>/<seconds>, e.g. ${name}=10/60.`);
    }
    options[kind] = { limit: Number(match[1]), windowSeconds: Number(match[2]) };
  }
  if (env.RATE_LIMIT_IP_HEADER?.trim()) options.ipHeader = env.RATE_LIMIT_IP_HEADER.trim();
  if (env.REDIS_URL?.trim()) options.redisUrl = env.REDIS_URL.trim();
  const store = env.RATE_LIMIT_STORE?.trim();
  if (store) {
    if (store !== 'memory' && store !== 'postgres' && store !== 'redis') {
      throw new Error(`RATE_LIMIT_STORE=${store} is not a store; write memory, postgres or redis.`);
    }
    if (store === 'redis' && !options.redisUrl) throw new Error('RATE_LIMIT_STORE=redis needs REDIS_URL.');
    options.store = store;
  }
  return options;
}

/** The store `options` ask for, or the default for this database: Redis if named, else the database if shared. */
function openStore(options: RateLimitOptions, db: Database | undefined): RateLimitStore {
  const name = options.store ?? (options.redisUrl ? 'redis' : db?.kind === 'postgres' ? 'postgres' : 'memory');
  if (typeof name !== 'string') return name;
  if (name === 'redis') {
    if (!options.redisUrl) throw new Error('The redis rate-limit store needs a Redis URL (REDIS_URL).');
    return new RedisStore(options.redisUrl, {
      ...(options.redisKeyPrefix !== undefined && { keyPrefix: options.redisKeyPrefix }),
      ...(options.redisTimeoutMs !== undefined && { timeoutMs: options.redisTimeoutMs }),
    });
  }
  if (name === 'postgres') {
    if (!db) throw new Error('The postgres rate-limit store needs the database.');
    return new PostgresStore(db);
  }
  return new MemoryStore(options.maxKeys);
}

/** How often a failing store is reported while it keeps failing. */
const WARN_EVERY_MS = 60_000;

export interface Verdict {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the bucket is full again. */
  resetSeconds: number;
  /** Seconds until one request is allowed (0 when allowed now). */
  retryAfterSeconds: number;
}

/**
 * Token buckets, in a store that one process (memory) or all of them (PostgreSQL, Redis) share.
 * A store that fails lets the request through (fails open) and is reported at most once a minute:
 * an outage of the limiter's store must not become an outage of the API.
 */
export class RateLimiter {
  private readonly rules: Record<RateKind, RateRule>;
  private readonly now: () => number;
  readonly store: RateLimitStore;
  readonly ipHeader: string | undefined;
  private failingSince: number | undefined;
  /** Programs whose wrong-code bucket ran dry, until when (ms): known to this process. */
  private readonly couponLookupsBlocked = new Map<string, number>();
  private lastWarning = -Infinity;

  constructor(options: RateLimitOptions = {}, db?: Database) {
    this.rules = { ...DEFAULT_RATE_LIMITS };
    for (const kind of Object.keys(DEFAULT_RATE_LIMITS) as RateKind[]) {
      const rule = options[kind];
      if (!rule) continue;
      if (!(Number.isInteger(rule.limit) && rule.limit >= 1 && rule.windowSeconds > 0)) {
        throw new Error(`Rate limit ${kind} needs an integer limit ≥ 1 and a window > 0 seconds.`);
      }
      this.rules[kind] = rule;
    }
    this.now = options.now ?? Date.now;
    this.ipHeader = options.ipHeader;
    this.store = openStore(options, db);
  }

  /** Takes one token from `key`'s bucket of `kind`, if there is one; `undefined` when the store failed. */
  async take(kind: RateKind, key: string): Promise<Verdict | undefined> {
    const { limit, windowSeconds } = this.rules[kind];
    const perMs = limit / (windowSeconds * 1000);
    const rule: BucketRule = { limit, perMs, fullAfterMs: windowSeconds * 1000 };
    let taken: Taken;
    try {
      taken = await this.store.take(`${kind}:${key}`, rule, this.now());
    } catch (error) {
      this.storeFailed(error as Error);
      return undefined;
    }
    if (this.failingSince !== undefined) {
      console.warn(`rate limits: the ${this.store.name} store answers again; limits are enforced.`);
      this.failingSince = undefined;
    }
    const { allowed, tokens } = taken;
    return {
      allowed,
      limit,
      remaining: Math.floor(tokens),
      resetSeconds: Math.ceil((limit - tokens) / perMs / 1000),
      retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil((1 - tokens) / perMs / 1000)),
    };
  }

  private storeFailed(error: Error) {
    const now = Date.now();
    this.failingSince ??= now;
    if (now - this.lastWarning < WARN_EVERY_MS) return;
    this.lastWarning = now;
    console.warn(
      `rate limits: the ${this.store.name} store failed (${error.message}); letting requests through unlimited.`,
    );
  }

  close() {
    return this.store.close();
  }

  /**
   * The check every route makes once its caller is known (after auth, before validation, so
   * hammering with garbage counts too): sets the `RateLimit-*` headers, or throws 429.
   * Keys are the verified member, not a token's unverified claims: a forged token must not
   * be able to use up a real shopper's allowance.
   */
  async check(c: Context, def: RouteDef, program: ProgramRow, member: MemberRow | null) {
    const [kind, key] =
      def.auth === 'merchant'
        ? (['merchant', program.id] as const)
        : def === routes.redeem
          ? (['redemptions', `${program.id}:${member?.id}`] as const)
          : def === routes.checkIn
            ? (['checkIns', `${program.id}:${member?.id}`] as const)
            : member
              ? (['member', `${program.id}:${member.id}`] as const)
              : (['guest', `${program.id}:${this.clientIp(c)}`] as const);
    const verdict = await this.take(kind, key);
    if (!verdict) return; // the store failed: fail open, without headers that would be made up
    c.header('RateLimit-Limit', String(verdict.limit));
    c.header('RateLimit-Remaining', String(verdict.remaining));
    c.header('RateLimit-Reset', String(verdict.resetSeconds));
    if (!verdict.allowed) throw this.tooMany(kind, verdict.retryAfterSeconds);
  }

  /** Throws 429 while the program's wrong-code allowance is used up (coupon code routes call this first). */
  assertCouponLookups(programId: string) {
    const until = this.couponLookupsBlocked.get(programId);
    if (until === undefined) return;
    const wait = until - this.now();
    if (wait <= 0) {
      this.couponLookupsBlocked.delete(programId);
      return;
    }
    throw this.tooMany('couponMisses', Math.max(1, Math.ceil(wait / 1000)), 'Too many unknown coupon codes');
  }

  /** A coupon code the program does not have: takes from its wrong-code bucket; throws 429 once it is empty. */
  async couponMissed(programId: string) {
    const verdict = await this.take('couponMisses', programId);
    if (!verdict || verdict.allowed) return;
    this.couponLookupsBlocked.set(programId, this.now() + verdict.retryAfterSeconds * 1000);
    throw this.tooMany('couponMisses', verdict.retryAfterSeconds, 'Too many unknown coupon codes');
  }

  private tooMany(kind: RateKind, after: number, what = 'Too many requests') {
    return new ApiError(
      429,
      'rate_limited',
      `${what}; try again in ${after} second${after === 1 ? '' : 's'}.`,
      { limit: this.rules[kind].limit, windowSeconds: this.rules[kind].windowSeconds, retryAfter: after },
      { 'Retry-After': String(after) },
    );
  }

  private clientIp(c: Context) {
    return clientIp(c, this.ipHeader);
  }
}

/** The client's address: the last entry of the trusted proxy's `ipHeader` when set, else the socket's. */
export function clientIp(c: Context, ipHeader: string | undefined) {
  if (ipHeader) {
    const last = c.req.header(ipHeader)?.split(',').at(-1)?.trim();
    if (last) return last;
  }
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  return incoming?.socket?.remoteAddress ?? 'unknown';
}
