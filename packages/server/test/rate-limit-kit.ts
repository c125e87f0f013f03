import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import type { RateLimitOptions, StoreName } from '../src/http/rate-limit.js';

/**
 * The Redis the rate-limit tests use. Redis runs on every machine of this project (and in CI),
 * so the Redis tests always run: against REDIS_URL when set, else 127.0.0.1:6379.
 */
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A client for a test's own commands (PING, CLIENT PAUSE), that never waits on a reconnect. */
export function redisClient(url = REDIS_URL) {
  return new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
}

/** Fails the suite with a message saying what is missing, rather than with a puzzling limit. */
export async function assertRedisReachable() {
  const client = redisClient();
  client.on('error', () => {});
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    throw new Error(
      `Redis is not reachable at ${REDIS_URL} (${(error as Error).message}): the Redis rate-limit tests need it. ` +
        'Start redis-server, or point REDIS_URL at one.',
    );
  } finally {
    client.disconnect();
  }
}

/** A key prefix of its own per call, so suites (and runs) never share a bucket by accident. */
export const redisKeyPrefix = () => `mc-test-${randomBytes(6).toString('hex')}:`;

/** The options that put a limiter's buckets in `store`. */
export function storeOptions(store: StoreName): Pick<RateLimitOptions, 'store' | 'redisUrl' | 'redisKeyPrefix'> {
  return store === 'redis' ? { store, redisUrl: REDIS_URL, redisKeyPrefix: redisKeyPrefix() } : { store };
}
