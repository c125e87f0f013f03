import * as z from 'zod/mini';
import { Cursor, Id, Limit, list, Timestamp } from './primitives.js';

// Webhooks are merchant-only: their bodies and answers live in a module the browser client
// never imports, so none of this reaches a browser bundle.

/** The events an endpoint can subscribe to. */
export const WEBHOOK_EVENT_TYPES = [
  'redemption.created',
  'tier.changed',
  'points.expiring',
  'referral.rewarded',
  'coupon.used',
  'coupon.expired',
  'consent.changed',
] as const;
export const WebhookEventType = z.enum(WEBHOOK_EVENT_TYPES);
export type WebhookEventType = z.infer<typeof WebhookEventType>;

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Where events go: https, or http to this machine only (tests, the demo), without
 * credentials in the URL (the signature is the authentication).
 */
export function webhookUrlProblem(value: string): string | undefined {
  if (!URL.canParse(value)) return 'must be an absolute URL';
  const url = new URL(value);
  if (url.username || url.password) return 'must not carry credentials (user:password@)';
  if (url.protocol === 'https:') return undefined;
  if (url.protocol === 'http:' && LOOPBACK.has(url.hostname)) return undefined;
  return url.protocol === 'http:' ? 'must use https (http only for localhost)' : 'must be an https URL';
}

export const WebhookUrl = z.string().check(
  z.maxLength(2048),
  z.refine(
    (value) => webhookUrlProblem(value) === undefined,
    'must be an https URL without credentials (http only for localhost)',
  ),
);

/** `POST /v1/webhooks`. */
export const CreateWebhookBody = z.strictObject({
  url: WebhookUrl,
  /** The events this endpoint receives; at least one, each once. */
  events: z.array(WebhookEventType).check(
    z.minLength(1),
    z.maxLength(WEBHOOK_EVENT_TYPES.length),
    z.refine((events) => new Set(events).size === events.length, 'lists each event once'),
  ),
});
export type CreateWebhookBody = z.infer<typeof CreateWebhookBody>;

export const WebhookEndpoint = z.object({
  id: Id,
  url: z.string(),
  events: z.array(WebhookEventType),
  createdAt: Timestamp,
});
export type WebhookEndpoint = z.infer<typeof WebhookEndpoint>;

/** The answer to `POST /v1/webhooks`: the only time the signing secret is shown. */
export const WebhookCreated = z.object({ webhook: WebhookEndpoint, secret: z.string().check(z.startsWith('whsec_')) });
export type WebhookCreated = z.infer<typeof WebhookCreated>;

export const WebhookList = list(WebhookEndpoint);
export type WebhookList = z.infer<typeof WebhookList>;

export const WebhookDeleted = z.object({ id: Id, deleted: z.literal(true) });
export type WebhookDeleted = z.infer<typeof WebhookDeleted>;

export const WebhookDeliveryStatus = z.enum(['pending', 'delivered', 'failed']);
export type WebhookDeliveryStatus = z.infer<typeof WebhookDeliveryStatus>;

/** One event sent (or being sent) to one endpoint. */
export const WebhookDelivery = z.object({
  id: z.string(),
  eventId: Id,
  eventType: WebhookEventType,
  status: WebhookDeliveryStatus,
  /** Attempts made so far (at most 8). */
  attempts: z.int(),
  /** The HTTP status of the last attempt; null before the first or when no response came. */
  lastStatus: z.nullable(z.int()),
  /** Why the last attempt failed (status, timeout, connection error); null when it did not. */
  lastError: z.nullable(z.string()),
  /** When the next attempt is due; null once delivered or failed. */
  nextAttemptAt: z.nullable(Timestamp),
  deliveredAt: z.nullable(Timestamp),
  createdAt: Timestamp,
});
export type WebhookDelivery = z.infer<typeof WebhookDelivery>;

export const WebhookDeliveryList = list(WebhookDelivery);
export type WebhookDeliveryList = z.infer<typeof WebhookDeliveryList>;

export const WebhookDeliveriesQuery = z.object({
  limit: Limit,
  cursor: Cursor,
  status: z.optional(WebhookDeliveryStatus),
});

/** What every delivery's body is: `data` depends on `type` (see docs/api.md, Webhooks). */
export const WebhookEvent = z.object({
  id: Id,
  type: WebhookEventType,
  createdAt: Timestamp,
  data: z.record(z.string(), z.unknown()),
});
export type WebhookEvent = z.infer<typeof WebhookEvent>;

/** `POST /v1/webhooks/{id}/deliveries/{deliveryId}/resend`: one endpoint's delivery, by its id. */
export const WebhookDeliveryParams = z.strictObject({
  id: Id,
  deliveryId: z.string().check(z.regex(/^[1-9][0-9]{0,17}$/, 'a delivery id (digits)')),
});
export const WebhookDeliveryResent = z.object({ delivery: WebhookDelivery });
export type WebhookDeliveryResent = z.infer<typeof WebhookDeliveryResent>;
