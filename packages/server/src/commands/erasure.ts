import { randomUUID } from 'node:crypto';
import type { MemberErased } from '@member-center/contract';
import type { Database } from '../db/sql.js';
import { notFound } from '../kernel/errors.js';
import type { ProgramRow } from '../kernel/programs.js';
import { lockMember } from '../ledger/ledger.js';
import { customerHash, erasure, findMember, randomCode } from '../ledger/members.js';

/**
 * `DELETE /v1/members/{customerId}` (right to erasure), in one transaction: the member row
 * stays, with its balances, ledger, lots, orders and coupons, so every sum and statistic stays
 * as it was, but its personal data goes: name, email and birthday cleared, the customer id
 * replaced by a random pseudonym (`erased-<uuid>`) and the referral code by a new one, the
 * referee's email and IP dropped from referrals, consents withdrawn (source erasure). The
 * customer id is also replaced by the pseudonym wherever the server kept it in JSON: stored
 * idempotent answers, webhook bodies not yet pruned, and the audit log (target, before, after).
 * A hash of the id is kept (erased_customers) so tokens issued before now are refused. A second
 * call answers the first erasure again; an id never seen is 404.
 */
export function eraseMember(db: Database, program: ProgramRow, customerId: string, at: Date): Promise<MemberErased> {
  return db.transaction(async (tx) => {
    const member = await findMember(tx, program.id, customerId);
    if (!member) {
      const erased = await erasure(tx, program.id, customerId);
      if (!erased) throw notFound(`No member ${customerId} in this program.`);
      return { erased: true, erasedAt: erased.erased_at.toISOString() };
    }
    await lockMember(tx, member.id);
    const pseudonym = `erased-${randomUUID()}`;
    await tx.query(
      `INSERT INTO erased_customers (program_id, customer_hash, erased_at, tokens_before) VALUES ($1, $2, $3, $4)
       ON CONFLICT (program_id, customer_hash) DO UPDATE SET erased_at = EXCLUDED.erased_at,
         tokens_before = EXCLUDED.tokens_before`,
      // Tokens carry the signer's wall clock (iat), checked like exp against this process's clock.
      [program.id, customerHash(program.id, customerId), at, new Date()],
    );
    await tx.query(
      `UPDATE members SET customer_id = $2, name = NULL, email = NULL, birthday = NULL, referral_code = $3,
         erased_at = $4 WHERE id = $1`,
      [member.id, pseudonym, randomCode(8), at],
    );
    await tx.query('UPDATE referrals SET email = NULL, ip = NULL WHERE referee_id = $1', [member.id]);
    await tx.query(
      `INSERT INTO consent_events (program_id, member_id, channel, granted, source, created_at)
       SELECT $1, $2, c.channel, false, 'erasure', $3 FROM (
         SELECT DISTINCT ON (channel) channel, granted FROM consent_events WHERE member_id = $2 ORDER BY channel, id DESC
       ) c WHERE c.granted`,
      [program.id, member.id, at],
    );
    // Customer ids are letters, digits and . _ : @ + - (no JSON escapes): as a JSON string, they
    // appear in stored JSON exactly as JSON.stringify writes them.
    const [from, to] = [JSON.stringify(customerId), JSON.stringify(pseudonym)];
    await tx.query(
      `UPDATE idempotency_keys SET response = replace(response::text, $2, $3)::json
       WHERE program_id = $1 AND strpos(response::text, $2) > 0`,
      [program.id, from, to],
    );
    await tx.query(
      `UPDATE webhook_outbox SET data = replace(data::text, $2, $3)::json WHERE program_id = $1 AND strpos(data::text, $2) > 0`,
      [program.id, from, to],
    );
    // The audit log's trigger lets only this transaction rewrite the id in it (migration 21).
    await tx.query(`SELECT set_config('member_center.erasure', 'on', true)`);
    await tx.query(
      `UPDATE audit_log SET target = CASE WHEN target = $4 THEN $5 ELSE target END,
         before = replace(before::text, $2, $3)::jsonb, after = replace(after::text, $2, $3)::jsonb
       WHERE program_id = $1 AND (target = $4 OR strpos(before::text, $2) > 0 OR strpos(after::text, $2) > 0)`,
      [program.id, from, to, `member:${customerId}`, `member:${pseudonym}`],
    );
    await tx.query(`SELECT set_config('member_center.erasure', 'off', true)`);
    return { erased: true, erasedAt: at.toISOString() };
  });
}
