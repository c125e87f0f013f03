import type { Database } from '../db/sql.js';
import { DAY_MS } from '../kernel/time.js';
import { emit } from './outbox.js';

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
