import { Redis } from 'ioredis';
import type { BucketRule, RateLimitStore, Taken } from './rate-limit-store.js';

/**
 * One take, atomic because Redis runs a script alone: refill, take a token if there is one,
 * and expire the key when it would be full again (a full bucket is the same as none).
 * Lua numbers reach the client truncated to integers, so the tokens go back as a string, and
 * %.17g (not tostring's 14 digits) keeps every double exactly, as the other stores do.
 */
const TAKE = `
local limit, perMs, now = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local b = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens, at = tonumber(b[1]), tonumber(b[2])
if tokens == nil or at == nil then tokens, at = limit, now end
tokens = math.min(limit, tokens + math.max(0, now - at) * perMs)
local allowed = 0
if tokens >= 1 then tokens, allowed = tokens - 1, 1 end
local exact = '%.17g'
redis.call('HSET', KEYS[1], 'tokens', string.format(exact, tokens), 'at', string.format(exact, math.max(at, now)))
redis.call('PEXPIRE', KEYS[1], math.max(1, math.ceil((limit - tokens) / perMs)))
return {allowed, string.format(exact, tokens)}
`;

interface LimiterRedis extends Redis {
  mcTakeToken(key: string, limit: number, perMs: number, now: number): Promise<[number, string]>;
}

export interface RedisStoreOptions {
  /** Put before every key, e.g. to share one Redis between deployments (default `mc:rl:`). */
  keyPrefix?: string;
  /** How long a take may wait for Redis before the request goes through unlimited (default 250 ms). */
  timeoutMs?: number;
}

/**
 * Buckets in Redis (`REDIS_URL`), one hash per bucket, through ioredis. While Redis is
 * unreachable a take fails at once (no offline queue) and a slow one fails after `timeoutMs`;
 * the limiter then lets the request through (fails open). The client keeps reconnecting.
 */
export class RedisStore implements RateLimitStore {
  readonly name = 'redis';
  private readonly client: LimiterRedis;
  private readonly keyPrefix: string;
  private readonly timeoutMs: number;
  /** Settles on the first connection's outcome, so requests at start-up wait for it rather than fail open. */
  private firstConnect: Promise<void> | undefined;

  constructor(url: string, { keyPrefix = 'mc:rl:', timeoutMs = 250 }: RedisStoreOptions = {}) {
    this.keyPrefix = keyPrefix;
    this.timeoutMs = timeoutMs;
    this.client = new Redis(url, {
      enableOfflineQueue: false,
      commandTimeout: timeoutMs,
      maxRetriesPerRequest: 0,
      connectTimeout: 2000,
      retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
    }) as LimiterRedis;
    this.client.defineCommand('mcTakeToken', { numberOfKeys: 1, lua: TAKE });
    // The limiter reports failed takes; without a listener ioredis prints every reconnect error.
    this.client.on('error', () => {});
    this.firstConnect = new Promise<void>((resolve) => {
      const done = () => {
        this.client.off('ready', done).off('error', done);
        this.firstConnect = undefined;
        resolve();
      };
      this.client.on('ready', done).on('error', done);
    });
  }

  async take(id: string, rule: BucketRule, now: number): Promise<Taken> {
    if (this.firstConnect) await this.waitForFirstConnect(this.firstConnect);
    const [allowed, tokens] = await this.client.mcTakeToken(this.keyPrefix + id, rule.limit, rule.perMs, now);
    return { allowed: allowed === 1, tokens: Number(tokens) };
  }

  private async waitForFirstConnect(connected: Promise<void>) {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([connected, new Promise((resolve) => (timer = setTimeout(resolve, this.timeoutMs)))]);
    clearTimeout(timer);
  }

  async close() {
    this.client.disconnect();
  }
}
