import type { MemberExport } from '@member-center/contract';
import type { Sql } from '../db/sql.js';
import type { ProgramRow } from '../kernel/programs.js';
import type { MemberRow } from '../ledger/members.js';
import { consentsOf } from './profile.js';

type Row = Record<string, unknown>;

const camel = (key: string) => key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
const camelRow = (row: Row): Row => Object.fromEntries(Object.entries(row).map(([k, v]) => [camel(k), v]));

/**
 * A table's rows of the member, every column but the program's and member's ids, oldest first.
 * `to_jsonb` keeps the export in step with the schema: a column added later is exported too.
 */
const rowsOf = async (db: Sql, table: string, memberId: string, order: string) =>
  (
    await db.query<{ row: Row }>(
      `SELECT to_jsonb(t) - 'program_id' - 'member_id' AS row FROM ${table} t WHERE member_id = $1 ORDER BY ${order}`,
      [memberId],
    )
  ).map((r) => camelRow(r.row));

/**
 * `GET /v1/members/{customerId}/export`: everything the program holds about the member, as
 * JSON (right of access, portability). Referrals the member made show the friend's customer id
 * but not their email or IP (someone else's data); the one that brought the member shows theirs.
 */
export async function memberExport(db: Sql, program: ProgramRow, member: MemberRow, now: Date): Promise<MemberExport> {
  const [profile] = await db.query<{ row: Row }>(
    `SELECT to_jsonb(m) - 'program_id' - 'next_due_at' - 'tier_review_due' AS row FROM members m WHERE id = $1`,
    [member.id],
  );
  const referrals = await db.query<{ row: Row }>(
    `SELECT CASE WHEN r.referrer_id = $1 THEN to_jsonb(r) - 'email' - 'ip' ELSE to_jsonb(r) END
       - 'program_id' - 'referrer_id' - 'referee_id'
       || jsonb_build_object('role', CASE WHEN r.referrer_id = $1 THEN 'referrer' ELSE 'referee' END,
            'referrerCustomerId', rm.customer_id, 'refereeCustomerId', em.customer_id) AS row
     FROM referrals r JOIN members rm ON rm.id = r.referrer_id JOIN members em ON em.id = r.referee_id
     WHERE r.referrer_id = $1 OR r.referee_id = $1 ORDER BY r.seq`,
    [member.id],
  );
  return {
    exportedAt: now.toISOString(),
    program: { id: program.id, name: program.name },
    member: camelRow(profile!.row),
    consents: await consentsOf(db, member.id),
    consentHistory: await rowsOf(db, 'consent_events', member.id, 'id'),
    ledger: await rowsOf(db, 'ledger_entries', member.id, 'id'),
    orders: await rowsOf(db, 'orders', member.id, 'created_at'),
    refunds: await rowsOf(db, 'refunds', member.id, 'created_at'),
    pendingPoints: await rowsOf(db, 'pending_points', member.id, 'id'),
    redemptions: await rowsOf(db, 'redemptions', member.id, 'created_at'),
    referrals: referrals.map((r) => camelRow(r.row)),
    checkIns: await rowsOf(db, 'check_ins', member.id, 'local_date'),
    actions: await rowsOf(db, 'member_actions', member.id, 'created_at'),
  };
}
