import type { Database, Sql } from '../db/database.js';
import { expireDue, lockMember } from './ledger.js';
import { findMemberById, type MemberRow } from './members.js';

const DAY_MS = 86_400_000;

/** Points that expire within `days` after `now`, soonest first, one row per expiry moment. */
export async function expiringSoon(db: Sql, memberId: string, now: Date, days = 30) {
  const rows = await db.query<{ points: number; expires_at: Date }>(
    `SELECT sum(remaining)::bigint AS points, expires_at FROM point_lots
     WHERE member_id = $1 AND remaining > 0 AND expires_at > $2 AND expires_at <= $3
     GROUP BY expires_at ORDER BY expires_at`,
    [memberId, now, new Date(now.getTime() + days * DAY_MS)],
  );
  return rows.map((r) => ({ points: r.points, expiresAt: r.expires_at.toISOString() }));
}

/** Expires what is due for one member in a transaction of its own; returns the entries written. */
const expireMember = (db: Database, programId: string, memberId: string, now: Date) =>
  db.transaction(async (tx) => {
    await lockMember(tx, memberId);
    return expireDue(tx, programId, memberId, now);
  });

/**
 * The lazy path: before a member's points are shown, write off what has expired by `now`.
 * A read with nothing due costs one indexed query and no transaction.
 */
export async function settleMember(db: Database, member: MemberRow, now: Date): Promise<MemberRow> {
  const due = await db.query(
    'SELECT 1 FROM point_lots WHERE member_id = $1 AND remaining > 0 AND expires_at <= $2 LIMIT 1',
    [member.id, now],
  );
  if (due.length === 0) return member;
  await expireMember(db, member.program_id, member.id, now);
  return (await findMemberById(db, member.id))!;
}

/**
 * The periodic path: every member of every program with points expired by `now`, one
 * transaction per member (the same write-off the lazy path does, so both give one ledger).
 */
export async function sweepExpired(db: Database, now: Date) {
  let members = 0;
  let entries = 0;
  for (;;) {
    const due = await db.query<{ program_id: string; member_id: string }>(
      `SELECT DISTINCT program_id, member_id FROM point_lots
       WHERE remaining > 0 AND expires_at <= $1 LIMIT 500`,
      [now],
    );
    if (due.length === 0) return { members, entries };
    for (const d of due) {
      entries += await expireMember(db, d.program_id, d.member_id, now);
      members++;
    }
  }
}
