import type { Database, Sql } from '../db/database.js';
import { post } from './ledger.js';
import { findMemberById, type MemberRow } from './members.js';
import { localDate, type ProgramRow } from './programs.js';

/**
 * The program's local year when `now` falls in the member's birthday month (in the program's
 * time zone) and the program gives birthday points; else null.
 */
export function birthdayYear(program: ProgramRow, birthday: string | null, now: Date) {
  if (program.birthday_points <= 0 || !birthday) return null;
  const [year, month] = localDate(now, program.time_zone).split('-');
  return birthday.slice(5, 7) === month ? Number(year) : null;
}

/**
 * Gives the year's birthday points once: the (member, year) primary key lets one of racing
 * grants in (a read and the sweep, two reads), and the others do nothing. Returns whether
 * this call gave them.
 */
async function grant(tx: Sql, program: ProgramRow, memberId: string, year: number, at: Date) {
  const inserted = await tx.query(
    `INSERT INTO birthday_rewards (program_id, member_id, year, points, created_at) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT DO NOTHING RETURNING 1`,
    [program.id, memberId, year, program.birthday_points, at],
  );
  if (inserted.length === 0) return false;
  await post(tx, {
    programId: program.id,
    memberId,
    type: 'birthday',
    points: program.birthday_points,
    description: `Birthday gift ${year}`,
    at,
  });
  return true;
}

/**
 * The lazy path: before a member's summary is shown in their birthday month, give this year's
 * birthday points if nobody has yet. A read with nothing due costs at most one indexed query.
 */
export async function grantBirthday(db: Database, program: ProgramRow, member: MemberRow, now: Date) {
  const year = birthdayYear(program, member.birthday, now);
  if (year === null) return member;
  const [given] = await db.query('SELECT 1 FROM birthday_rewards WHERE member_id = $1 AND year = $2', [
    member.id,
    year,
  ]);
  if (given) return member;
  const granted = await db.transaction((tx) => grant(tx, program, member.id, year, now));
  return granted ? ((await findMemberById(db, member.id)) ?? member) : member;
}

/**
 * The periodic path, run with `sweepExpired`: every member of every program with birthday
 * points whose birthday month it is and who has not had this year's gift, one transaction each.
 */
export async function sweepBirthdays(db: Database, now: Date) {
  let members = 0;
  const programs = await db.query<ProgramRow>('SELECT * FROM programs WHERE birthday_points > 0');
  for (const program of programs) {
    const [year, month] = localDate(now, program.time_zone).split('-').map(Number);
    for (;;) {
      const due = await db.query<{ id: string }>(
        `SELECT id FROM members m
         WHERE program_id = $1 AND birthday IS NOT NULL AND extract(month FROM birthday) = $2
           AND NOT EXISTS (SELECT 1 FROM birthday_rewards b WHERE b.member_id = m.id AND b.year = $3)
         LIMIT 500`,
        [program.id, month, year],
      );
      if (due.length === 0) break;
      for (const m of due) {
        if (await db.transaction((tx) => grant(tx, program, m.id, year!, now))) members++;
      }
    }
  }
  return { members };
}
