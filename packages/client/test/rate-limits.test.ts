import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createProgram, openDatabase, signMemberToken, startServer } from '@member-center/server';
import { createClient, isApiError } from '../src/index.js';

/** The real API with a tiny member allowance: one request per second, in real time. */
describe('the server’s rate limits, through the client', () => {
  let api: { url: string; publishableKey: string; secretKey: string; close(): Promise<void> };
  before(async () => {
    const db = await openDatabase();
    const program = await createProgram(db, { name: 'Rate Limited Shop' });
    const server = await startServer(db, {
      port: 0,
      checkResponses: true,
      rateLimits: { member: { limit: 1, windowSeconds: 1 } },
    });
    api = {
      url: server.url,
      publishableKey: program.publishable_key,
      secretKey: program.secret_key,
      async close() {
        await server.close();
        await db.close();
      },
    };
  });
  after(() => api.close());

  /** A client whose answers are recorded as the server sent them. */
  const recordedClient = async (customerId: string, maxRetryAfter?: number) => {
    const statuses: number[] = [];
    const client = createClient({
      baseUrl: api.url,
      publishableKey: api.publishableKey,
      token: await signMemberToken(api.secretKey, customerId),
      fetch: async (input, init) => {
        const res = await fetch(input, init);
        statuses.push(res.status);
        return res;
      },
      ...(maxRetryAfter !== undefined && { retry: { maxRetryAfter } }),
    });
    return { client, statuses };
  };

  it('a 429 is retried after its Retry-After and the call succeeds', async () => {
    const { client, statuses } = await recordedClient('patient');
    await client.getMe();
    const me = await client.getMe();
    assert.equal(me.member.customerId, 'patient');
    assert.deepEqual(statuses, [200, 429, 200]);
  });

  it('a 429 asking for longer than the client will wait surfaces as rate_limited', async () => {
    const { client, statuses } = await recordedClient('impatient', 500);
    await client.getMe();
    await assert.rejects(client.getMe(), (e) => isApiError(e) && e.status === 429 && e.code === 'rate_limited');
    assert.deepEqual(statuses, [200, 429]);
  });
});
