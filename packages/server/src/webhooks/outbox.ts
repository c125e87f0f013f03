import type { Sql } from '../db/sql.js';

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
