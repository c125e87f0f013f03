import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type {
  CreateWebhookBody,
  WebhookCreated,
  WebhookDelivery,
  WebhookDeliveryList,
  WebhookDeliveryStatus,
  WebhookEndpoint,
  WebhookList,
} from '@member-center/contract';
import type { Database, Sql } from '../db/database.js';
import { businessRule, notFound } from '../http/errors.js';
import { page } from './paging.js';

/** The events a merchant can subscribe to. */
export type WebhookEventType = 'redemption.created' | 'tier.changed' | 'points.expiring' | 'referral.rewarded';

/**
 * Records an event in the outbox, in the caller's transaction: it is delivered (at least
 * once) only if the change that caused it commits.
 */
export async function emit(tx: Sql, programId: string, type: WebhookEventType, data: object, at: Date) {
  await tx.query('INSERT INTO webhook_outbox (program_id, type, data, created_at) VALUES ($1, $2, $3, $4)', [
    programId,
    type,
    JSON.stringify(data),
    at,
  ]);
}

// ---------- endpoints ----------

/** Enough for a merchant's systems; a cap keeps one program from fanning every event out without end. */
export const MAX_ENDPOINTS = 16;

interface EndpointRow {
  id: string;
  seq: number;
  url: string;
  events: string[];
  created_at: Date;
}

const endpointView = (e: EndpointRow): WebhookEndpoint => ({
  id: e.id,
  url: e.url,
  events: e.events as WebhookEndpoint['events'],
  createdAt: e.created_at.toISOString(),
});

export async function createEndpoint(
  db: Database,
  programId: string,
  body: CreateWebhookBody,
  now: Date,
): Promise<WebhookCreated> {
  const secret = `whsec_${randomBytes(24).toString('base64url')}`;
  return db.transaction(async (tx) => {
    // Serialises concurrent creations of one program, so the cap holds under races.
    await tx.query('SELECT 1 FROM programs WHERE id = $1 FOR UPDATE', [programId]);
    const [count] = await tx.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM webhook_endpoints WHERE program_id = $1',
      [programId],
    );
    if (count!.n >= MAX_ENDPOINTS) {
      throw businessRule('limit_reached', `A program has at most ${MAX_ENDPOINTS} webhook endpoints.`);
    }
    const [row] = await tx.query<EndpointRow>(
      `INSERT INTO webhook_endpoints (program_id, url, events, secret, created_at) VALUES ($1, $2, $3, $4, $5)
       RETURNING id, seq, url, events, created_at`,
      [programId, body.url, body.events, secret, now],
    );
    return { webhook: endpointView(row!), secret };
  });
}

export async function listEndpoints(db: Sql, programId: string, limit: number, before?: number): Promise<WebhookList> {
  const rows = await db.query<EndpointRow>(
    `SELECT id, seq, url, events, created_at FROM webhook_endpoints
     WHERE program_id = $1 AND ($2::bigint IS NULL OR seq < $2) ORDER BY seq DESC LIMIT $3`,
    [programId, before ?? null, limit + 1],
  );
  return page(rows, limit, (r) => r.seq, endpointView);
}

/** Removes an endpoint with its deliveries: nothing more is sent to it, even what was pending. */
export async function deleteEndpoint(db: Sql, programId: string, id: string) {
  const rows = await db.query('DELETE FROM webhook_endpoints WHERE program_id = $1 AND id = $2 RETURNING id', [
    programId,
    id,
  ]);
  if (rows.length === 0) throw notFound(`No webhook endpoint ${id} in this program.`);
  return { id, deleted: true as const };
}

interface DeliveryRow {
  id: number;
  event_id: string;
  type: string;
  status: WebhookDeliveryStatus;
  attempts: number;
  last_status: number | null;
  last_error: string | null;
  next_attempt_at: Date;
  delivered_at: Date | null;
  created_at: Date;
}

const deliveryView = (d: DeliveryRow): WebhookDelivery => ({
  id: String(d.id),
  eventId: d.event_id,
  eventType: d.type as WebhookDelivery['eventType'],
  status: d.status,
  attempts: d.attempts,
  lastStatus: d.last_status,
  lastError: d.last_error,
  nextAttemptAt: d.status === 'pending' ? d.next_attempt_at.toISOString() : null,
  deliveredAt: d.delivered_at?.toISOString() ?? null,
  createdAt: d.created_at.toISOString(),
});

export async function listDeliveries(
  db: Sql,
  programId: string,
  endpointId: string,
  options: { status?: WebhookDeliveryStatus | undefined; limit: number; before?: number | undefined },
): Promise<WebhookDeliveryList> {
  const [endpoint] = await db.query('SELECT 1 FROM webhook_endpoints WHERE program_id = $1 AND id = $2', [
    programId,
    endpointId,
  ]);
  if (!endpoint) throw notFound(`No webhook endpoint ${endpointId} in this program.`);
  const rows = await db.query<DeliveryRow>(
    `SELECT d.id, o.event_id, o.type, d.status, d.attempts, d.last_status, d.last_error, d.next_attempt_at,
       d.delivered_at, d.created_at
     FROM webhook_deliveries d JOIN webhook_outbox o ON o.id = d.outbox_id
     WHERE d.endpoint_id = $1 AND ($2::text IS NULL OR d.status = $2) AND ($3::bigint IS NULL OR d.id < $3)
     ORDER BY d.id DESC LIMIT $4`,
    [endpointId, options.status ?? null, options.before ?? null, options.limit + 1],
  );
  return page(rows, options.limit, (r) => r.id, deliveryView);
}

// ---------- signatures ----------

/** Receivers refuse a signature older (or newer) than this: a captured request cannot be replayed later. */
export const REPLAY_WINDOW_S = 300;

const hmac = (secret: string, timestamp: number, body: string | Uint8Array) =>
  createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');

/** The `Member-Center-Signature` header for `body` sent at `at`: `t=<unix seconds>,v1=<hex HMAC-SHA256>`. */
export function signWebhook(secret: string, body: string | Uint8Array, at: Date = new Date()) {
  const t = Math.floor(at.getTime() / 1000);
  return `t=${t},v1=${hmac(secret, t, body)}`;
}

/**
 * Checks a delivery as a receiver should: `header` is `Member-Center-Signature`, `body` the raw
 * request body exactly as received (not re-serialised JSON). True only when a `v1` signature
 * matches and its timestamp lies within `toleranceS` of `now`.
 */
export function verifyWebhook(
  secret: string,
  header: string | null | undefined,
  body: string | Uint8Array,
  now: Date = new Date(),
  toleranceS = REPLAY_WINDOW_S,
) {
  if (!header) return false;
  let t: number | undefined;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const [key, value] = part.trim().split('=', 2);
    if (key === 't' && value && /^\d{1,12}$/.test(value)) t = Number(value);
    else if (key === 'v1' && value && /^[0-9a-f]{64}$/.test(value)) signatures.push(value);
  }
  if (t === undefined || Math.abs(now.getTime() / 1000 - t) > toleranceS) return false;
  const expected = Buffer.from(hmac(secret, t, body), 'hex');
  return signatures.some((s) => timingSafeEqual(Buffer.from(s, 'hex'), expected));
}

// ---------- points.expiring ----------

const DAY_MS = 86_400_000;

/**
 * Announces points that expire within each program's notice period (`expiry_notice_days`):
 * one `points.expiring` event per member and expiry moment, and each lot only ever once —
 * a lot is noted in `expiry_notices` in the same transaction as its event, so later sweeps
 * (or a racing one on another process) skip it. Only programs with an endpoint subscribed
 * to the event are looked at; one that subscribes later hears of what is still ahead.
 * Returns the events emitted.
 */
export async function announceExpiring(db: Database, now: Date) {
  let events = 0;
  for (;;) {
    const batch = await db.transaction(async (tx) => {
      const lots = await tx.query<{
        program_id: string;
        customer_id: string;
        remaining: number;
        expires_at: Date;
      }>(
        `WITH due AS (
           SELECT l.id, l.program_id, l.member_id, l.remaining, l.expires_at FROM point_lots l
           JOIN programs p ON p.id = l.program_id
           WHERE l.remaining > 0 AND l.expires_at > $1 AND l.expires_at <= $1 + make_interval(days => p.expiry_notice_days)
             AND NOT EXISTS (SELECT 1 FROM expiry_notices n WHERE n.lot_id = l.id)
             AND EXISTS (SELECT 1 FROM webhook_endpoints e
                         WHERE e.program_id = l.program_id AND 'points.expiring' = ANY (e.events))
           ORDER BY l.expires_at, l.id LIMIT 500
         ), noted AS (
           INSERT INTO expiry_notices (lot_id, created_at) SELECT id, $1 FROM due
           ON CONFLICT DO NOTHING RETURNING lot_id
         )
         SELECT due.program_id, m.customer_id, due.remaining, due.expires_at
         FROM due JOIN noted ON noted.lot_id = due.id JOIN members m ON m.id = due.member_id`,
        [now],
      );
      const groups = new Map<string, { programId: string; customerId: string; points: number; expiresAt: Date }>();
      for (const lot of lots) {
        const key = `${lot.program_id} ${lot.customer_id} ${lot.expires_at.getTime()}`;
        const group = groups.get(key);
        if (group) group.points += lot.remaining;
        else
          groups.set(key, {
            programId: lot.program_id,
            customerId: lot.customer_id,
            points: lot.remaining,
            expiresAt: lot.expires_at,
          });
      }
      for (const g of groups.values()) {
        await emit(
          tx,
          g.programId,
          'points.expiring',
          {
            customerId: g.customerId,
            points: g.points,
            expiresAt: g.expiresAt.toISOString(),
            daysLeft: Math.ceil((g.expiresAt.getTime() - now.getTime()) / DAY_MS),
          },
          now,
        );
      }
      return { lots: lots.length, events: groups.size };
    });
    events += batch.events;
    if (batch.lots === 0) return { events };
  }
}

// ---------- delivery ----------

/** Attempts before a delivery is given up as `failed`. */
export const MAX_ATTEMPTS = 8;
/** How long one request may take before it counts as failed. */
export const REQUEST_TIMEOUT_MS = 10_000;
/** A claimed delivery is another worker's again after this (its worker died mid-request). */
const LEASE_MS = 60_000;

/**
 * The wait after failed attempt `n` (1-based): 1 min, 3, 9, 27, 81 min, 4 h, then 12 h —
 * about 18 h over the 8 attempts — each ±20 % so that endpoints that failed together do
 * not all come back together.
 */
export function retryDelayMs(attempt: number, random = Math.random) {
  const base = Math.min(60_000 * 3 ** (attempt - 1), 12 * 3_600_000);
  return Math.round(base * (0.8 + 0.4 * random()));
}

/** Makes the deliveries of events not yet fanned out: one per endpoint subscribed to the event's type. */
async function dispatch(db: Sql, now: Date, limit: number) {
  const [row] = await db.query<{ events: number; deliveries: number }>(
    `WITH events AS (
       SELECT id, program_id, type, created_at FROM webhook_outbox WHERE dispatched_at IS NULL
       ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED
     ), made AS (
       INSERT INTO webhook_deliveries (program_id, endpoint_id, outbox_id, next_attempt_at, created_at)
       SELECT ev.program_id, e.id, ev.id, $1, $1 FROM events ev
       JOIN webhook_endpoints e ON e.program_id = ev.program_id AND ev.type = ANY (e.events)
         AND e.created_at <= ev.created_at -- an endpoint hears of what happens after it is added
       ON CONFLICT DO NOTHING RETURNING 1
     ), marked AS (
       UPDATE webhook_outbox o SET dispatched_at = $1 FROM events WHERE o.id = events.id RETURNING 1
     )
     SELECT (SELECT count(*) FROM marked)::int AS events, (SELECT count(*) FROM made)::int AS deliveries`,
    [now, limit],
  );
  return row!;
}

interface ClaimedDelivery {
  id: number;
  attempts: number;
  event_id: string;
  type: string;
  data: unknown;
  event_at: Date;
  url: string;
  secret: string;
}

/**
 * Takes up to `limit` due deliveries for this worker: SKIP LOCKED lets several API processes
 * claim side by side without waiting on or sharing rows, and the lease (next_attempt_at moved
 * past the timeout) keeps them claimed while the requests run outside any transaction.
 */
const claim = (db: Sql, now: Date, limit: number) =>
  db.query<ClaimedDelivery>(
    `WITH due AS (
       SELECT id FROM webhook_deliveries WHERE status = 'pending' AND next_attempt_at <= $1
       ORDER BY next_attempt_at, id LIMIT $3 FOR UPDATE SKIP LOCKED
     ), claimed AS (
       UPDATE webhook_deliveries d SET attempts = d.attempts + 1, next_attempt_at = $2
       FROM due WHERE d.id = due.id RETURNING d.id, d.attempts, d.outbox_id, d.endpoint_id
     )
     SELECT c.id, c.attempts, o.event_id, o.type, o.data, o.created_at AS event_at, e.url, e.secret
     FROM claimed c JOIN webhook_outbox o ON o.id = c.outbox_id JOIN webhook_endpoints e ON e.id = c.endpoint_id
     ORDER BY c.id`,
    [now, new Date(now.getTime() + LEASE_MS), limit],
  );

type Outcome = { ok: true; status: number } | { ok: false; status: number | null; error: string };

/** The body every delivery carries: `{id, type, createdAt, data}`. */
export const eventBody = (d: { event_id: string; type: string; event_at: Date; data: unknown }) =>
  JSON.stringify({ id: d.event_id, type: d.type, createdAt: d.event_at.toISOString(), data: d.data });

async function send(d: ClaimedDelivery, now: Date, signal: AbortSignal): Promise<Outcome> {
  const body = eventBody(d);
  try {
    const res = await fetch(d.url, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'User-Agent': 'MemberCenter-Webhooks/1',
        'Member-Center-Event-Id': d.event_id,
        'Member-Center-Event-Type': d.type,
        'Member-Center-Signature': signWebhook(d.secret, body, now),
      },
      body,
      // A redirect is an answer, not a 2xx: following it could post the event somewhere unchecked.
      redirect: 'manual',
      signal: AbortSignal.any([signal, AbortSignal.timeout(REQUEST_TIMEOUT_MS)]),
    });
    await res.body?.cancel().catch(() => {});
    if (res.status >= 200 && res.status < 300) return { ok: true, status: res.status };
    return { ok: false, status: res.status, error: `HTTP ${res.status}` };
  } catch (error) {
    const e = error as Error & { cause?: { code?: string; message?: string } };
    const reason =
      e.name === 'TimeoutError'
        ? `no answer within ${REQUEST_TIMEOUT_MS / 1000} s`
        : (e.cause?.code ?? e.cause?.message ?? e.message);
    return { ok: false, status: null, error: reason.slice(0, 500) };
  }
}

/** Writes what an attempt came to, if this worker still holds the claim (`attempts` fences off a stale one). */
async function record(db: Sql, d: ClaimedDelivery, outcome: Outcome, now: Date) {
  if (outcome.ok) {
    await db.query(
      `UPDATE webhook_deliveries SET status = 'delivered', delivered_at = $3, last_status = $4, last_error = NULL
       WHERE id = $1 AND attempts = $2 AND status = 'pending'`,
      [d.id, d.attempts, now, outcome.status],
    );
    return 'delivered' as const;
  }
  const failed = d.attempts >= MAX_ATTEMPTS;
  await db.query(
    `UPDATE webhook_deliveries SET status = $3, next_attempt_at = $4, last_status = $5, last_error = $6
     WHERE id = $1 AND attempts = $2 AND status = 'pending'`,
    [
      d.id,
      d.attempts,
      failed ? 'failed' : 'pending',
      failed ? now : new Date(now.getTime() + retryDelayMs(d.attempts)),
      outcome.status,
      outcome.error,
    ],
  );
  return failed ? ('failed' as const) : ('retrying' as const);
}

export interface WebhookRun {
  /** Events fanned out to their endpoints. */
  dispatched: number;
  delivered: number;
  /** Failed attempts that will be tried again later. */
  retrying: number;
  /** Deliveries given up after their last attempt. */
  failed: number;
}

/**
 * One pass of the worker: fans out new events, then sends up to `batch` due deliveries in
 * parallel, each marked delivered only after a 2xx (at least once). Aborting `signal`
 * (shutdown) hands the requests in flight back to be sent again at once.
 */
export async function runWebhooks(
  db: Database,
  now: Date,
  { batch = 20, signal = new AbortController().signal }: { batch?: number; signal?: AbortSignal } = {},
): Promise<WebhookRun> {
  const run: WebhookRun = { dispatched: 0, delivered: 0, retrying: 0, failed: 0 };
  run.dispatched = (await dispatch(db, now, batch * 5)).events;
  const claimed = await claim(db, now, batch);
  await Promise.all(
    claimed.map(async (d) => {
      const outcome = await send(d, now, signal);
      if (signal.aborted && !outcome.ok) {
        await db.query(
          `UPDATE webhook_deliveries SET attempts = attempts - 1, next_attempt_at = $3
           WHERE id = $1 AND attempts = $2 AND status = 'pending'`,
          [d.id, d.attempts, now],
        );
        return;
      }
      run[await record(db, d, outcome, now)]++;
    }),
  );
  return run;
}

/**
 * Runs passes until nothing is due at `now` (what `member-center sweep` does once), at most
 * `maxPasses` so that a flood cannot keep a one-off command running for ever.
 */
export async function drainWebhooks(db: Database, now: Date, maxPasses = 50) {
  const total: WebhookRun = { dispatched: 0, delivered: 0, retrying: 0, failed: 0 };
  for (let pass = 0; pass < maxPasses; pass++) {
    const run = await runWebhooks(db, now);
    for (const key of Object.keys(total) as (keyof WebhookRun)[]) total[key] += run[key];
    if (run.dispatched + run.delivered + run.retrying + run.failed === 0) break;
  }
  return total;
}

/** Deliveries finished (delivered or failed) longer ago than this are deleted, with their spent events. */
export const KEEP_DAYS = 30;

export async function pruneWebhooks(db: Sql, now: Date) {
  const before = new Date(now.getTime() - KEEP_DAYS * DAY_MS);
  await db.query(
    `DELETE FROM webhook_deliveries WHERE status <> 'pending' AND coalesce(delivered_at, next_attempt_at) < $1`,
    [before],
  );
  await db.query(
    `DELETE FROM webhook_outbox o WHERE dispatched_at < $1
     AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.outbox_id = o.id)`,
    [before],
  );
}

export interface WebhookWorker {
  /** Stops polling, hands back what is in flight, and resolves once the last pass has ended. */
  stop(): Promise<void>;
}

/**
 * The worker inside `serve`: a pass every `everyMs` (never two at once in one process), a
 * small batch each time, the requests outside any transaction, so API requests never queue
 * behind a slow receiver. Several processes may run it over one PostgreSQL.
 */
export function startWebhookWorker(
  db: Database,
  { everyMs = 5_000, clock = () => new Date() }: { everyMs?: number; clock?: () => Date } = {},
): WebhookWorker {
  const abort = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<unknown> = Promise.resolve();
  const tick = () => {
    current = runWebhooks(db, clock(), { signal: abort.signal })
      .catch((error: Error) => console.error('webhook delivery failed:', error.message))
      .finally(() => {
        if (!abort.signal.aborted) timer = setTimeout(tick, everyMs);
      });
  };
  timer = setTimeout(tick, everyMs);
  return {
    async stop() {
      abort.abort();
      clearTimeout(timer);
      await current;
    },
  };
}
