import { randomBytes } from 'node:crypto';
import type {
  CreateWebhookBody,
  WebhookCreated,
  WebhookDelivery,
  WebhookDeliveryList,
  WebhookDeliveryStatus,
  WebhookEndpoint,
  WebhookList,
} from '@member-center/contract';
import type { Database, Sql } from '../db/sql.js';
import { businessRule, conflict, notFound } from '../kernel/errors.js';
import { page } from '../kernel/paging.js';

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

const DELIVERY = `SELECT d.id, o.event_id, o.type, d.status, d.attempts, d.last_status, d.last_error, d.next_attempt_at,
    d.delivered_at, d.created_at
  FROM webhook_deliveries d JOIN webhook_outbox o ON o.id = d.outbox_id
  WHERE d.program_id = $1 AND d.endpoint_id = $2 AND d.id = $3`;

/** One delivery of one endpoint, as the list shows it; 404 when the program has no such delivery. */
export async function findDelivery(db: Sql, programId: string, endpointId: string, deliveryId: string) {
  const [row] = await db.query<DeliveryRow>(DELIVERY, [programId, endpointId, deliveryId]);
  if (!row) throw notFound(`No delivery ${deliveryId} of webhook endpoint ${endpointId} in this program.`);
  return deliveryView(row);
}

/**
 * Sends a failed delivery again: pending and due now, with a fresh series of attempts (the
 * worker sends it on its next pass, signed as the first time, with the same event id so the
 * receiver can tell a repeat). Only a failed one: a pending one is still being tried, a
 * delivered one arrived (409).
 */
export async function resendDelivery(db: Sql, programId: string, endpointId: string, deliveryId: string, now: Date) {
  const [row] = await db.query<{ id: number }>(
    `UPDATE webhook_deliveries SET status = 'pending', attempts = 0, next_attempt_at = $4
     WHERE program_id = $1 AND endpoint_id = $2 AND id = $3 AND status = 'failed' RETURNING id`,
    [programId, endpointId, deliveryId, now],
  );
  const delivery = await findDelivery(db, programId, endpointId, deliveryId);
  if (!row)
    throw conflict('delivery_not_failed', `This delivery is ${delivery.status}: only a failed one is sent again.`);
  return { delivery };
}
