import type { Database, Sql } from '../db/sql.js';
import { DAY_MS } from '../kernel/time.js';
import { signWebhook } from './signature.js';

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
