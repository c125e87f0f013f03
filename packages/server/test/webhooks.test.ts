import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { WebhookEvent } from '@member-center/contract';
import { createProgram } from '../src/commands/program.js';
import { MAX_ATTEMPTS, runWebhooks } from '../src/webhooks/delivery.js';
import { announceExpiring } from '../src/webhooks/expiring.js';
import { emit } from '../src/webhooks/outbox.js';
import { verifyWebhook } from '../src/webhooks/signature.js';
import {
  backend,
  closeChecked,
  createReward,
  DEFAULT_PROGRAM,
  earn,
  redeem,
  startTestApi,
  type TestApi,
  type TestClock,
  testClock,
} from './harness.js';

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  event: { id: string; type: string; createdAt: string; data: Record<string, unknown> };
}

/** A real HTTP receiver on a free port; answers each request with the next of `statuses` (then 200). */
async function startReceiver(statuses: number[] = []) {
  const requests: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      requests.push({ headers: req.headers, body, event: JSON.parse(body) });
      res.statusCode = statuses.shift() ?? 200;
      res.end('thanks');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    requests,
    statuses,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
type Receiver = Awaited<ReturnType<typeof startReceiver>>;

interface Delivery {
  id: string;
  eventId: string;
  eventType: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  nextAttemptAt: string | null;
  deliveredAt: string | null;
}

describe(`webhooks (${backend})`, () => {
  let api: TestApi;
  let clock: TestClock;
  let coupon: string;
  const receivers: Receiver[] = [];

  const receiver = async (statuses: number[] = []) => {
    const r = await startReceiver(statuses);
    receivers.push(r);
    return r;
  };
  const addEndpoint = async (url: string, events: string[], as = api) => {
    const res = await as.merchant('/v1/webhooks', { method: 'POST', json: { url, events } });
    assert.equal(res.status, 201, await res.clone().text());
    return (await res.json()) as { webhook: { id: string; url: string; events: string[] }; secret: string };
  };
  const removeEndpoint = async (id: string) =>
    assert.equal((await api.merchant(`/v1/webhooks/${id}`, { method: 'DELETE' })).status, 200);
  const deliveries = async (endpointId: string) => {
    const res = await api.merchant(`/v1/webhooks/${endpointId}/deliveries`);
    assert.equal(res.status, 200, await res.clone().text());
    return ((await res.json()) as { items: Delivery[] }).items;
  };
  /** One pass of the worker at the test clock's time. */
  const deliver = () => runWebhooks(api.db, clock());
  const later = (ms: number) => clock.set(new Date(clock().getTime() + ms).toISOString());

  before(async () => {
    clock = testClock('2026-01-10T12:00:00Z');
    api = await startTestApi({ ...DEFAULT_PROGRAM, pointsExpiryMonths: 12 }, { clock });
    coupon = (await createReward(api, { name: 'Coupon 50', cost: 50 })).id;
  });
  after(async () => {
    await Promise.all(receivers.map((r) => r.close()));
    await closeChecked(api);
  });

  it('refuses bad endpoints with 400 and creates nothing; the secret is shown once', async () => {
    const bad: unknown[] = [
      { url: 'http://example.com/hooks', events: ['redemption.created'] }, // http beyond this machine
      { url: 'ftp://example.com/hooks', events: ['redemption.created'] },
      { url: 'https://user:pass@example.com/hooks', events: ['redemption.created'] },
      { url: 'https://:pass@example.com/hooks', events: ['redemption.created'] },
      { url: 'example.com/hooks', events: ['redemption.created'] },
      { url: 'javascript:alert(1)', events: ['redemption.created'] },
      { url: `https://example.com/${'a'.repeat(2048)}`, events: ['redemption.created'] },
      { url: 'https://example.com/hooks', events: [] },
      { url: 'https://example.com/hooks', events: ['order.created'] },
      { url: 'https://example.com/hooks', events: ['tier.changed', 'tier.changed'] },
      { url: 'https://example.com/hooks', events: ['tier.changed'], secret: 'mine' },
      { events: ['tier.changed'] },
    ];
    for (const json of bad) {
      const res = await api.merchant('/v1/webhooks', { method: 'POST', json });
      assert.equal(res.status, 400, JSON.stringify(json).slice(0, 80));
      assert.equal((await res.json()).error.code, 'invalid_request');
    }
    const fromBrowser = await api.browser('/v1/webhooks', {
      method: 'POST',
      json: { url: 'https://example.com/hooks', events: ['tier.changed'] },
    });
    assert.equal(fromBrowser.status, 401);
    assert.deepEqual((await (await api.merchant('/v1/webhooks')).json()).items, [], 'nothing was created');

    const created = await addEndpoint('https://hooks.example.com/loyalty', ['tier.changed', 'points.expiring']);
    assert.match(created.secret, /^whsec_[A-Za-z0-9_-]{32}$/);
    assert.deepEqual(created.webhook.events, ['tier.changed', 'points.expiring']);
    const listed = (await (await api.merchant('/v1/webhooks')).json()).items;
    assert.deepEqual(
      listed.map((e: Record<string, unknown>) => e.id),
      [created.webhook.id],
    );
    assert.ok(!JSON.stringify(listed).includes(created.secret), 'the list never shows the secret');
    assert.equal((await api.merchant(`/v1/webhooks/${created.webhook.id}`, { method: 'DELETE' })).status, 200);
    const again = await api.merchant(`/v1/webhooks/${created.webhook.id}`, { method: 'DELETE' });
    assert.equal(again.status, 404);
    assert.equal((await api.merchant(`/v1/webhooks/${created.webhook.id}/deliveries`)).status, 404);
    assert.equal((await api.merchant('/v1/webhooks/not-a-uuid', { method: 'DELETE' })).status, 400);
  });

  it('a redemption sends exactly one signed delivery, and a refused redemption sends none', async () => {
    clock.set('2026-02-01T09:00:00Z');
    const hooks = await receiver();
    const { webhook, secret } = await addEndpoint(hooks.url, ['redemption.created']);
    await earn(api, 'ada', 120);
    const res = await redeem(api, 'ada', coupon);
    assert.equal(res.status, 201);
    const { redemption } = await res.json();
    const refused = await redeem(api, 'bob-has-nothing', coupon);
    assert.equal(refused.status, 422, 'insufficient points');

    const run = await deliver();
    assert.equal(run.delivered, 1);
    assert.equal(hooks.requests.length, 1);
    const [got] = hooks.requests;
    assert.equal(got!.headers['content-type'], 'application/json');
    assert.equal(got!.headers['member-center-event-id'], got!.event.id);
    assert.equal(got!.headers['member-center-event-type'], 'redemption.created');
    assert.ok(verifyWebhook(secret, got!.headers['member-center-signature'] as string, got!.body, clock()));
    assert.ok(WebhookEvent.safeParse(got!.event).success, 'the envelope the contract documents');
    assert.equal(got!.event.type, 'redemption.created');
    assert.equal(got!.event.createdAt, '2026-02-01T09:00:00.000Z');
    assert.deepEqual(got!.event.data, { customerId: 'ada', redemption, points: { balance: 70 } });

    await deliver();
    later(86_400_000);
    await deliver();
    assert.equal(hooks.requests.length, 1, 'nothing is sent twice after a 2xx');
    const [row] = await deliveries(webhook.id);
    assert.equal(row!.status, 'delivered');
    assert.equal(row!.attempts, 1);
    assert.equal(row!.lastStatus, 200);
    assert.equal(row!.nextAttemptAt, null);
    await removeEndpoint(webhook.id);
  });

  it('a signature does not verify for a changed body, another secret, or outside the 5-minute window', async () => {
    clock.set('2026-02-02T09:00:00Z');
    const hooks = await receiver();
    const { webhook, secret } = await addEndpoint(hooks.url, ['redemption.created']);
    await earn(api, 'cy', 60);
    assert.equal((await redeem(api, 'cy', coupon)).status, 201);
    await deliver();
    const [got] = hooks.requests;
    const header = got!.headers['member-center-signature'] as string;
    assert.match(header, /^t=\d+,v1=[0-9a-f]{64}$/);
    const sentAt = clock();
    assert.ok(verifyWebhook(secret, header, got!.body, sentAt));
    assert.ok(verifyWebhook(secret, header, Buffer.from(got!.body), new Date(sentAt.getTime() + 299_000)));
    assert.ok(!verifyWebhook(secret, header, got!.body.replace('"cy"', '"eve"'), sentAt), 'tampered body');
    assert.ok(!verifyWebhook(`${secret}x`, header, got!.body, sentAt), 'another secret');
    assert.ok(!verifyWebhook(secret, header, got!.body, new Date(sentAt.getTime() + 301_000)), 'replayed later');
    assert.ok(!verifyWebhook(secret, header, got!.body, new Date(sentAt.getTime() - 301_000)), 'from the future');
    const t = Number(/t=(\d+)/.exec(header)![1]);
    assert.ok(!verifyWebhook(secret, header.replace(`t=${t}`, `t=${t + 1}`), got!.body, sentAt), 'timestamp moved');
    assert.ok(!verifyWebhook(secret, undefined, got!.body, sentAt));
    assert.ok(!verifyWebhook(secret, 'v1=abc', got!.body, sentAt));
    await removeEndpoint(webhook.id);
  });

  it('retries a 500 with backoff and marks the delivery done only after a 2xx', async () => {
    clock.set('2026-02-03T09:00:00Z');
    const hooks = await receiver([500, 503]);
    const { webhook, secret } = await addEndpoint(hooks.url, ['redemption.created']);
    await earn(api, 'dan', 50);
    assert.equal((await redeem(api, 'dan', coupon)).status, 201);

    assert.deepEqual(await deliver(), { dispatched: 1, delivered: 0, retrying: 1, failed: 0 });
    let [row] = await deliveries(webhook.id);
    assert.equal(row!.status, 'pending');
    assert.equal(row!.lastStatus, 500);
    assert.equal(row!.lastError, 'HTTP 500');
    const wait = new Date(row!.nextAttemptAt!).getTime() - clock().getTime();
    assert.ok(wait >= 48_000 && wait <= 72_000, `first retry about a minute later, not ${wait} ms`);
    await deliver();
    assert.equal(hooks.requests.length, 1, 'not before it is due');

    later(72_000);
    await deliver(); // 503
    [row] = await deliveries(webhook.id);
    const secondWait = new Date(row!.nextAttemptAt!).getTime() - clock().getTime();
    assert.ok(secondWait > wait, 'the wait grows');
    later(secondWait);
    await deliver(); // 200
    [row] = await deliveries(webhook.id);
    assert.equal(row!.status, 'delivered');
    assert.equal(row!.attempts, 3);
    assert.equal(row!.lastError, null);
    assert.equal(hooks.requests.length, 3);
    assert.equal(new Set(hooks.requests.map((r) => r.event.id)).size, 1, 'the same event each time');
    const last = hooks.requests[2]!;
    assert.ok(verifyWebhook(secret, last.headers['member-center-signature'] as string, last.body, clock()));
    later(86_400_000);
    await deliver();
    assert.equal(hooks.requests.length, 3);
    await removeEndpoint(webhook.id);
  });

  it(`gives up after ${MAX_ATTEMPTS} attempts and shows the delivery as failed`, async () => {
    clock.set('2026-02-05T09:00:00Z');
    const down = await receiver();
    await down.close(); // nothing listens on its port any more
    const hooks = await receiver(Array(20).fill(500));
    const refused = await addEndpoint(down.url, ['redemption.created']);
    const failing = await addEndpoint(hooks.url, ['redemption.created']);
    await earn(api, 'eve', 50);
    assert.equal((await redeem(api, 'eve', coupon)).status, 201);
    for (let i = 0; i < MAX_ATTEMPTS + 2; i++) {
      await deliver();
      later(86_400_000);
    }
    assert.equal(hooks.requests.length, MAX_ATTEMPTS);
    const [gaveUp] = await deliveries(failing.webhook.id);
    assert.equal(gaveUp!.status, 'failed');
    assert.equal(gaveUp!.attempts, MAX_ATTEMPTS);
    assert.equal(gaveUp!.nextAttemptAt, null);
    const [unreachable] = await deliveries(refused.webhook.id);
    assert.equal(unreachable!.status, 'failed');
    assert.equal(unreachable!.lastStatus, null);
    assert.match(unreachable!.lastError!, /ECONNREFUSED/);
    const onlyFailed = await api.merchant(`/v1/webhooks/${failing.webhook.id}/deliveries?status=failed`);
    assert.equal((await onlyFailed.json()).items.length, 1);
    const noneDelivered = await api.merchant(`/v1/webhooks/${failing.webhook.id}/deliveries?status=delivered`);
    assert.equal((await noneDelivered.json()).items.length, 0);
    await removeEndpoint(refused.webhook.id);
    await removeEndpoint(failing.webhook.id);
  });

  it('sends a failed delivery again on request: pending at once, a fresh series of attempts, the same event', async () => {
    clock.set('2026-02-07T09:00:00Z');
    const hooks = await receiver(Array(MAX_ATTEMPTS).fill(500));
    const { webhook } = await addEndpoint(hooks.url, ['redemption.created']);
    await earn(api, 'fay', 50);
    assert.equal((await redeem(api, 'fay', coupon)).status, 201);
    for (let i = 0; i < MAX_ATTEMPTS + 1; i++) {
      await deliver();
      later(86_400_000);
    }
    const [failed] = await deliveries(webhook.id);
    assert.equal(failed!.status, 'failed');
    const resend = (id: string, endpoint = webhook.id) =>
      api.merchant(`/v1/webhooks/${endpoint}/deliveries/${id}/resend`, { method: 'POST' });

    const res = await resend(failed!.id);
    assert.equal(res.status, 200, await res.clone().text());
    const { delivery } = (await res.json()) as { delivery: Delivery };
    assert.deepEqual(
      [delivery.id, delivery.status, delivery.attempts, delivery.nextAttemptAt, delivery.lastStatus],
      [failed!.id, 'pending', 0, clock().toISOString(), 500],
    );
    const twice = await resend(failed!.id);
    assert.equal(twice.status, 409);
    assert.equal((await twice.json()).error.code, 'delivery_not_failed');

    assert.deepEqual(await deliver(), { dispatched: 0, delivered: 1, retrying: 0, failed: 0 });
    assert.equal(hooks.requests.length, MAX_ATTEMPTS + 1);
    assert.equal(
      hooks.requests.at(-1)!.event.id,
      hooks.requests[0]!.event.id,
      'the same event, so a receiver can tell',
    );
    const [delivered] = await deliveries(webhook.id);
    assert.deepEqual([delivered!.status, delivered!.attempts], ['delivered', 1]);
    const again = await resend(failed!.id);
    assert.equal(again.status, 409, 'a delivered one is not sent again');

    const other = await addEndpoint(hooks.url, ['tier.changed']);
    for (const [id, endpoint, status] of [
      ['999999', webhook.id, 404],
      [failed!.id, other.webhook.id, 404],
      ['0', webhook.id, 400],
      ['abc', webhook.id, 400],
      ['1', 'not-an-id', 400],
    ] as const) {
      const refused = await resend(id, endpoint);
      assert.equal(refused.status, status, `${endpoint}/${id}`);
      assert.ok((await refused.json()).error.code);
    }
    const fromBrowser = await api.browser(`/v1/webhooks/${webhook.id}/deliveries/${failed!.id}/resend`, {
      method: 'POST',
    });
    assert.equal(fromBrowser.status, 401);
    await removeEndpoint(webhook.id);
    await removeEndpoint(other.webhook.id);
  });

  it('an endpoint receives only the events it subscribed to, and no other program’s', async () => {
    clock.set('2026-02-10T09:00:00Z');
    const redemptions = await receiver();
    const tiers = await receiver();
    const elsewhere = await receiver();
    const r = await addEndpoint(redemptions.url, ['redemption.created']);
    const t = await addEndpoint(tiers.url, ['tier.changed', 'referral.rewarded']);
    const other = await createProgram(api.db, { name: 'Other Shop', currency: 'CNY' });
    const otherMerchant = (path: string, init: RequestInit & { json?: unknown } = {}) =>
      fetch(api.url + path, {
        ...init,
        headers: { Authorization: `Bearer ${other.secret_key}`, 'Content-Type': 'application/json' },
        ...(init.json !== undefined && { body: JSON.stringify(init.json) }),
      });
    const o = await addEndpoint(
      elsewhere.url,
      ['redemption.created', 'tier.changed', 'points.expiring', 'referral.rewarded'],
      { ...api, merchant: otherMerchant },
    );
    await earn(api, 'fay', 50);
    assert.equal((await redeem(api, 'fay', coupon)).status, 201);
    // What the tier and referral rules emit, in a transaction of their own.
    await api.db.transaction(async (tx) => {
      await emit(tx, api.program.id, 'tier.changed', { customerId: 'fay', marker: 'tier' }, clock());
      await emit(tx, api.program.id, 'referral.rewarded', { customerId: 'fay', marker: 'referral' }, clock());
    });
    // A transaction that rolls back leaves no event behind.
    await assert.rejects(
      api.db.transaction(async (tx) => {
        await emit(tx, api.program.id, 'tier.changed', { customerId: 'fay', marker: 'rolled back' }, clock());
        throw new Error('the change failed');
      }),
    );
    await deliver();

    assert.deepEqual(
      redemptions.requests.map((q) => q.event.type),
      ['redemption.created'],
    );
    const tierMarkers = tiers.requests.filter((q) => q.event.data.marker).map((q) => q.event.data.marker);
    assert.deepEqual(tierMarkers.sort(), ['referral', 'tier']);
    for (const q of tiers.requests) assert.ok(['tier.changed', 'referral.rewarded'].includes(q.event.type));
    assert.deepEqual(elsewhere.requests, [], "another program's endpoint hears nothing");

    // Nor can the other program see or remove this program's endpoints.
    assert.equal((await otherMerchant(`/v1/webhooks/${r.webhook.id}/deliveries`)).status, 404);
    assert.equal((await otherMerchant(`/v1/webhooks/${r.webhook.id}`, { method: 'DELETE' })).status, 404);
    const theirs = (await (await otherMerchant('/v1/webhooks')).json()).items;
    assert.deepEqual(
      theirs.map((e: { id: string }) => e.id),
      [o.webhook.id],
    );
    await removeEndpoint(r.webhook.id);
    await removeEndpoint(t.webhook.id);
  });

  it('an event that no endpoint subscribes to is not written to the outbox at all', async () => {
    const quiet = await createProgram(api.db, { name: 'Quiet Shop', currency: 'CNY' });
    const outbox = async () =>
      (await api.db.query<{ type: string }>('SELECT type FROM webhook_outbox WHERE program_id = $1', [quiet.id])).map(
        (r) => r.type,
      );
    const emitBoth = () =>
      api.db.transaction(async (tx) => {
        await emit(tx, quiet.id, 'tier.changed', { customerId: 'q' }, clock());
        await emit(tx, quiet.id, 'redemption.created', { customerId: 'q' }, clock());
      });
    await emitBoth();
    assert.deepEqual(await outbox(), [], 'no endpoint: nothing could ever be delivered');
    await api.db.query(
      `INSERT INTO webhook_endpoints (program_id, url, events, secret, created_at)
       VALUES ($1, 'https://hooks.example.com/quiet', '{tier.changed}', 'whsec_quiet', $2)`,
      [quiet.id, clock()],
    );
    await emitBoth();
    assert.deepEqual(await outbox(), ['tier.changed'], 'only the subscribed type');
  });

  it('a removed endpoint gets nothing more, not even what was pending', async () => {
    clock.set('2026-02-12T09:00:00Z');
    const hooks = await receiver([500]);
    const { webhook } = await addEndpoint(hooks.url, ['redemption.created']);
    await earn(api, 'gus', 100);
    assert.equal((await redeem(api, 'gus', coupon)).status, 201);
    await deliver();
    assert.equal(hooks.requests.length, 1);
    await removeEndpoint(webhook.id);
    assert.equal((await redeem(api, 'gus', coupon)).status, 201);
    later(86_400_000);
    await deliver();
    assert.equal(hooks.requests.length, 1);
  });

  it('several workers at once send each delivery once', async () => {
    clock.set('2026-02-14T09:00:00Z');
    const hooks = await receiver();
    const { webhook } = await addEndpoint(hooks.url, ['redemption.created']);
    await earn(api, 'hal', 500);
    for (let i = 0; i < 10; i++) assert.equal((await redeem(api, 'hal', coupon)).status, 201);
    const now = clock();
    const runs = await Promise.all([1, 2, 3].map(() => runWebhooks(api.db, now, { batch: 4 })));
    const again = await Promise.all([1, 2, 3].map(() => runWebhooks(api.db, now, { batch: 4 })));
    const delivered = [...runs, ...again].reduce((n, r) => n + r.delivered, 0);
    assert.equal(delivered, 10);
    assert.equal(hooks.requests.length, 10);
    assert.equal(new Set(hooks.requests.map((q) => q.event.id)).size, 10, 'no event twice');
    assert.ok((await deliveries(webhook.id)).every((d) => d.status === 'delivered'));
    await removeEndpoint(webhook.id);
  });

  it('announces points about to expire once per lot, however often the sweep runs', async () => {
    const program = await (await api.browser('/v1/program')).json();
    assert.equal(program.expiryNoticeDays, 7, 'the default notice');
    const badNotice = await api.merchant('/v1/program', { method: 'PATCH', json: { expiryNoticeDays: 0 } });
    assert.equal(badNotice.status, 400);

    clock.set('2026-03-01T09:00:00Z');
    await earn(api, 'ivy', 100); // expires 2027-03-01
    await earn(api, 'ivy', 30); // the same moment: one event with both lots
    clock.set('2026-03-05T09:00:00Z');
    await earn(api, 'ivy', 40); // expires 2027-03-05
    clock.set('2027-02-15T09:00:00Z');
    const hooks = await receiver();
    const { webhook } = await addEndpoint(hooks.url, ['points.expiring']);

    const mine = () => hooks.requests.filter((q) => q.event.data.customerId === 'ivy').map((q) => q.event.data);
    await announceExpiring(api.db, clock());
    await deliver();
    assert.deepEqual(mine(), [], 'nothing within 7 days yet');

    clock.set('2027-02-23T09:00:00Z');
    await announceExpiring(api.db, clock());
    assert.deepEqual((await announceExpiring(api.db, clock())).events, 0, 'a second sweep at once adds nothing');
    await deliver();
    assert.deepEqual(mine(), [{ customerId: 'ivy', points: 130, expiresAt: '2027-03-01T09:00:00.000Z', daysLeft: 6 }]);

    const patched = await api.merchant('/v1/program', { method: 'PATCH', json: { expiryNoticeDays: 30 } });
    assert.equal((await patched.json()).expiryNoticeDays, 30);
    for (let day = 0; day < 3; day++) {
      await announceExpiring(api.db, clock());
      later(86_400_000);
      await deliver();
    }
    assert.deepEqual(
      mine().map((d) => [d.points, d.expiresAt]),
      [
        [130, '2027-03-01T09:00:00.000Z'],
        [40, '2027-03-05T09:00:00.000Z'],
      ],
      'each lot announced once over several sweeps',
    );
    assert.equal((await deliveries(webhook.id)).length, hooks.requests.length);
    await api.merchant('/v1/program', { method: 'PATCH', json: { expiryNoticeDays: 7 } });
    await removeEndpoint(webhook.id);
  });
});
