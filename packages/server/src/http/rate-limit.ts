import type { IncomingMessage } from 'node:http';
import { type RouteDef, routes } from '@member-center/contract';
import type { Context } from 'hono';
import type { ProgramRow } from '../kernel/programs.js';
import type { MemberRow } from '../ledger/members.js';
import { ApiError } from './errors.js';

/** `limit` requests per `windowSeconds`, refilled continuously (a token bucket holding `limit`). */
export interface RateRule {
  limit: number;
  windowSeconds: number;
}

/** Which bucket a request draws from. Each request draws one token from exactly one bucket. */
export type RateKind = 'member' | 'guest' | 'redemptions' | 'checkIns' | 'merchant';

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
   * The header a trusted proxy puts the client IP in (`X-Forwarded-For`, `X-Real-IP`, …); without
   * it, the socket's address. For `X-Forwarded-For` the last entry is used: the one your proxy added.
   */
  ipHeader?: string;
  /** Milliseconds since the epoch; tests move it instead of sleeping. */
  now?: () => number;
  /** Buckets kept in memory before idle ones are dropped. */
  maxKeys?: number;
}

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
};

const ENV_NAMES: Record<RateKind, string> = {
  member: 'RATE_LIMIT_MEMBER',
  guest: 'RATE_LIMIT_GUEST',
  redemptions: 'RATE_LIMIT_REDEMPTIONS',
  checkIns: 'RATE_LIMIT_CHECK_INS',
  merchant: 'RATE_LIMIT_MERCHANT',
};

/**
 * The limits an operator set: `RATE_LIMITS=off` turns them all off; `RATE_LIMIT_<KIND>=<limit>/<seconds>`
 * (e.g. `RATE_LIMIT_REDEMPTIONS=10/60`) overrides one; `RATE_LIMIT_IP_HEADER` names the proxy's header.
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
  return options;
}

interface Bucket {
  tokens: number;
  at: number;
}

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
 * Token buckets in this process's memory. With N API processes behind a load balancer a caller
 * gets up to N times each limit, so set each process's limits to the total you want divided by N.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly rules: Record<RateKind, RateRule>;
  private readonly now: () => number;
  private readonly maxKeys: number;
  readonly ipHeader: string | undefined;

  constructor(options: RateLimitOptions = {}) {
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
    this.maxKeys = options.maxKeys ?? 100_000;
    this.ipHeader = options.ipHeader;
  }

  /** Takes one token from `key`'s bucket of `kind`, if there is one. */
  take(kind: RateKind, key: string): Verdict {
    const { limit, windowSeconds } = this.rules[kind];
    const perMs = limit / (windowSeconds * 1000);
    const now = this.now();
    const id = `${kind}:${key}`;
    let bucket = this.buckets.get(id);
    if (!bucket) {
      if (this.buckets.size >= this.maxKeys) this.evict(now);
      bucket = { tokens: limit, at: now };
      this.buckets.set(id, bucket);
    }
    // A clock moved backwards refills nothing.
    bucket.tokens = Math.min(limit, bucket.tokens + Math.max(0, now - bucket.at) * perMs);
    bucket.at = now;
    const allowed = bucket.tokens >= 1;
    if (allowed) bucket.tokens -= 1;
    return {
      allowed,
      limit,
      remaining: Math.floor(bucket.tokens),
      resetSeconds: Math.ceil((limit - bucket.tokens) / perMs / 1000),
      retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000)),
    };
  }

  /** Drops full buckets (a fresh one is the same); if all are busy, the oldest half. */
  private evict(now: number) {
    for (const [id, bucket] of this.buckets) {
      const rule = this.rules[id.slice(0, id.indexOf(':')) as RateKind];
      if (bucket.tokens + (now - bucket.at) * (rule.limit / (rule.windowSeconds * 1000)) >= rule.limit) {
        this.buckets.delete(id);
      }
    }
    if (this.buckets.size < this.maxKeys) return;
    let drop = this.buckets.size - Math.floor(this.maxKeys / 2);
    for (const id of this.buckets.keys()) {
      if (drop-- <= 0) break;
      this.buckets.delete(id);
    }
  }

  /**
   * The check every route makes once its caller is known (after auth, before validation, so
   * hammering with garbage counts too): sets the `RateLimit-*` headers, or throws 429.
   * Keys are the verified member, not a token's unverified claims: a forged token must not
   * be able to use up a real shopper's allowance.
   */
  check(c: Context, def: RouteDef, program: ProgramRow, member: MemberRow | null) {
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
    const verdict = this.take(kind, key);
    c.header('RateLimit-Limit', String(verdict.limit));
    c.header('RateLimit-Remaining', String(verdict.remaining));
    c.header('RateLimit-Reset', String(verdict.resetSeconds));
    if (!verdict.allowed) {
      const after = verdict.retryAfterSeconds;
      throw new ApiError(
        429,
        'rate_limited',
        `Too many requests; try again in ${after} second${after === 1 ? '' : 's'}.`,
        { limit: verdict.limit, windowSeconds: this.rules[kind].windowSeconds, retryAfter: after },
        { 'Retry-After': String(after) },
      );
    }
  }

  private clientIp(c: Context) {
    if (this.ipHeader) {
      const value = c.req.header(this.ipHeader);
      const last = value?.split(',').at(-1)?.trim();
      if (last) return last;
    }
    const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
    return incoming?.socket?.remoteAddress ?? 'unknown';
  }
}
