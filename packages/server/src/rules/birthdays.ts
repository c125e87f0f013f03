import type { Sql } from '../db/sql.js';
import type { ProgramRow } from '../kernel/programs.js';
import { localDate } from '../kernel/time.js';

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
 * Claims the year's birthday gift once, in the caller's transaction: the (member, year)
 * primary key lets one of racing claims in (a read and the sweep, two reads), and the others
 * get false. The member row remembers the year, so a read can tell from it alone that nothing
 * is due. The member-state step posts the points.
 */
export async function claimBirthday(tx: Sql, program: ProgramRow, memberId: string, year: number, at: Date) {
  const inserted = await tx.query(
    `INSERT INTO birthday_rewards (program_id, member_id, year, points, created_at) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT DO NOTHING RETURNING 1`,
    [program.id, memberId, year, program.birthday_points, at],
  );
  await tx.query('UPDATE members SET birthday_year = greatest(birthday_year, $2) WHERE id = $1', [memberId, year]);
  return inserted.length > 0;
}
