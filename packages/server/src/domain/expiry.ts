import type { Database, Sql } from '../db/database.js';
import { lockAndSettle } from './ledger.js';
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

/** Order points still in their return window, soonest first, one row per release moment. */
export async function pendingPoints(db: Sql, memberId: string, now: Date) {
  const rows = await db.query<{ points: number; available_at: Date }>(
    `SELECT sum(points)::bigint AS points, available_at FROM pending_points
     WHERE member_id = $1 AND released_at IS NULL AND available_at > $2
     GROUP BY available_at ORDER BY available_at`,
    [memberId, now],
  );
  return rows.map((r) => ({ points: r.points, availableAt: r.available_at.toISOString() }));
}

/** Settles one member in a transaction of its own; returns the entries written. */
const settleAlone = (db: Database, programId: string, memberId: string, now: Date) =>
  db.transaction(async (tx) => (await lockAndSettle(tx, programId, memberId, now)).entries);

const DUE = `
  SELECT program_id, member_id FROM point_lots WHERE remaining > 0 AND expires_at <= $1
  UNION
  SELECT program_id, member_id FROM pending_points WHERE released_at IS NULL AND available_at <= $1
  UNION
  SELECT program_id, id FROM members WHERE tier_until <= $1`;

/**
 * The lazy path: before a member's points are shown, settle the tier period that has ended,
 * release the pending points whose return window has passed and write off what has expired by
 * `now`. A read with nothing due costs one indexed query and no transaction.
 */
export async function settleMember(db: Database, member: MemberRow, now: Date): Promise<MemberRow> {
  const tierDue = member.tier_until !== null && member.tier_until.getTime() <= now.getTime();
  if (!tierDue) {
    const due = await db.query(
      `SELECT 1 FROM point_lots WHERE member_id = $1 AND remaining > 0 AND expires_at <= $2
       UNION ALL
       SELECT 1 FROM pending_points WHERE member_id = $1 AND released_at IS NULL AND available_at <= $2
       LIMIT 1`,
      [member.id, now],
    );
    if (due.length === 0) return member;
  }
  await settleAlone(db, member.program_id, member.id, now);
  return (await findMemberById(db, member.id))!;
}

/**
 * The periodic path: every member of every program with points expired or released, or a tier
 * period ended, by `now`, one transaction per member (what the lazy path does, so both give
 * one ledger).
 */
export async function sweepExpired(db: Database, now: Date) {
  let members = 0;
  let entries = 0;
  for (;;) {
    const due = await db.query<{ program_id: string; member_id: string }>(`${DUE} LIMIT 500`, [now]);
    if (due.length === 0) return { members, entries };
    for (const d of due) {
      entries += await settleAlone(db, d.program_id, d.member_id, now);
      members++;
    }
  }
}
