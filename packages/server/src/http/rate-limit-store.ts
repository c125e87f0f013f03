import type { Sql } from '../db/database.js';

/** A bucket's rule as a store sees it: it holds `limit` tokens and refills `perMs` tokens a millisecond. */
export interface BucketRule {
  limit: number;
  perMs: number;
  /** The longest any bucket of this rule takes to refill from empty, in ms (idle buckets older than it are full). */
  fullAfterMs: number;
}

/** What one take left behind. */
export interface Taken {
  allowed: boolean;
  /** Tokens left after the take (fractional). */
  tokens: number;
}

/**
 * Where the token buckets live. `take` must be atomic per `id`: N processes taking from one
 * bucket at once must let exactly as many through as there were tokens.
 */
export interface RateLimitStore {
  /** Named in warnings (`memory`, `postgres`, `redis`, or a store of your own). */
  readonly name: string;
  take(id: string, rule: BucketRule, now: number): Promise<Taken>;
  close(): Promise<void>;
}

/** The bucket arithmetic every store does (the Redis store does the same in Lua, the PostgreSQL one in SQL). */
export function refill(tokens: number, at: number, rule: BucketRule, now: number) {
  // A clock moved backwards refills nothing.
  return Math.min(rule.limit, tokens + Math.max(0, now - at) * rule.perMs);
}

interface Bucket {
  tokens: number;
  at: number;
  rule: BucketRule;
}

/** This process's memory: no round trip, but N processes give a caller N times each limit. */
export class MemoryStore implements RateLimitStore {
  readonly name = 'memory';
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly maxKeys = 100_000) {}

  async take(id: string, rule: BucketRule, now: number): Promise<Taken> {
    let bucket = this.buckets.get(id);
    if (!bucket) {
      if (this.buckets.size >= this.maxKeys) this.evict(now);
      bucket = { tokens: rule.limit, at: now, rule };
      this.buckets.set(id, bucket);
    }
    bucket.tokens = refill(bucket.tokens, bucket.at, rule, now);
    bucket.at = now;
    const allowed = bucket.tokens >= 1;
    if (allowed) bucket.tokens -= 1;
    return { allowed, tokens: bucket.tokens };
  }

  /** Drops full buckets (a fresh one is the same); if all are busy, the oldest half. */
  private evict(now: number) {
    for (const [id, b] of this.buckets) {
      if (refill(b.tokens, b.at, b.rule, now) >= b.rule.limit) this.buckets.delete(id);
    }
    if (this.buckets.size < this.maxKeys) return;
    let drop = this.buckets.size - Math.floor(this.maxKeys / 2);
    for (const id of this.buckets.keys()) {
      if (drop-- <= 0) break;
      this.buckets.delete(id);
    }
  }

  async close() {}
}

/**
 * One row per bucket in the UNLOGGED table `rate_limit_buckets` (migration 12), taken from with
 * one `INSERT … ON CONFLICT DO UPDATE … RETURNING`: the row lock makes concurrent takes from
 * any number of processes queue, so one limit holds across them. UNLOGGED: no WAL, and after a
 * crash the table comes back empty, which only means full buckets.
 */
export class PostgresStore implements RateLimitStore {
  readonly name = 'postgres';
  private lastPrune = 0;
  private longestMs = 0;
  private pruning: Promise<unknown> | undefined;

  constructor(
    private readonly db: Sql,
    private readonly pruneEveryMs = 60_000,
  ) {}

  async take(id: string, rule: BucketRule, now: number): Promise<Taken> {
    this.longestMs = Math.max(this.longestMs, rule.fullAfterMs);
    if (now - this.lastPrune >= this.pruneEveryMs) this.prune(now);
    // SET reads the row as it was (b.*): `refilled` is the bucket before this take.
    const refilled = 'least($2::float8, b.tokens + greatest(0, $3::bigint - b.at) * $4::float8)';
    const [row] = await this.db.query<{ tokens: number; allowed: boolean }>(
      `INSERT INTO rate_limit_buckets AS b (id, tokens, at, allowed) VALUES ($1, $2::float8 - 1, $3::bigint, true)
       ON CONFLICT (id) DO UPDATE SET
         allowed = ${refilled} >= 1,
         tokens = ${refilled} - CASE WHEN ${refilled} >= 1 THEN 1 ELSE 0 END,
         at = greatest(b.at, $3::bigint)
       RETURNING tokens, allowed`,
      [id, rule.limit, now, rule.perMs],
    );
    return { allowed: row!.allowed, tokens: Number(row!.tokens) };
  }

  /** Buckets idle longer than the slowest refill are full: the same as no row. Off the request path. */
  private prune(now: number) {
    this.lastPrune = now;
    this.pruning = this.db
      .query('DELETE FROM rate_limit_buckets WHERE at < $1', [now - this.longestMs])
      .catch((error: Error) => console.warn(`rate limits: pruning idle buckets failed: ${error.message}`));
  }

  /** The database is the caller's to close; only a prune still running is waited for. */
  async close() {
    await this.pruning;
  }
}
