import type { WebhookEventType } from '@member-center/contract';
import type { Sql } from '../db/sql.js';

/** The events a merchant can subscribe to (the contract's list). */
export type { WebhookEventType } from '@member-center/contract';

/**
 * The outbox insert as SQL over four parameter expressions, for a statement that writes the
 * event together with its change. The row is written only when an endpoint of the program
 * wants the type: an endpoint hears only of what happens after it is added, so without one the
 * event could never be delivered.
 */
export const outboxInsert = (programId: string, type: string, data: string, at: string) =>
  `INSERT INTO webhook_outbox (program_id, type, data, created_at)
   SELECT ${programId}, ${type}, ${data}, ${at}
   WHERE EXISTS (SELECT 1 FROM webhook_endpoints e WHERE e.program_id = ${programId} AND ${type} = ANY (e.events))`;

const EMIT = outboxInsert('$1::uuid', '$2::text', '$3::json', '$4::timestamptz');

/**
 * Records an event in the outbox, in the caller's transaction: it is delivered (at least
 * once) only if the change that caused it commits.
 */
export async function emit(tx: Sql, programId: string, type: WebhookEventType, data: object, at: Date) {
  await tx.query(EMIT, [programId, type, JSON.stringify(data), at]);
}
