import type { CheckInResponse } from '@member-center/contract';
import type { Database, Sql } from '../db/sql.js';
import { businessRule } from '../kernel/errors.js';
import { Outcome } from '../kernel/idempotency.js';
import { type ProgramRow, shownBalance } from '../kernel/programs.js';
import { localDate } from '../kernel/time.js';
import type { MemberRow } from '../ledger/members.js';
import { post } from '../member-state/advance.js';
import { checkInPoints, checkInStatus, isBonusDay } from '../rules/check-ins.js';

interface CheckInRow {
  date: string;
  streak: number;
  points: number;
}

const CHECK_IN_COLUMNS = `to_char(local_date, 'YYYY-MM-DD') AS date, streak, points`;

/**
 * Checks the member in for today in the program's time zone, once: the (member, day) primary
 * key lets one of racing twins in, and the others (and any later call that day) get that
 * check-in back with 200 and no points. A streak is consecutive days; missing a day starts
 * over at 1.
 */
export function checkIn(db: Database, program: ProgramRow, member: MemberRow, at: Date) {
  if (program.check_in_points === null) {
    throw businessRule('check_in_unavailable', 'This program has no daily check-in.');
  }
  const today = localDate(at, program.time_zone);
  return db.transaction(async (tx) => {
    const [yesterday] = await tx.query<{ streak: number }>(
      `SELECT streak FROM check_ins WHERE member_id = $1 AND local_date = $2::date - 1`,
      [member.id, today],
    );
    const streak = (yesterday?.streak ?? 0) + 1;
    const points = checkInPoints(program, streak);
    const [inserted] = await tx.query<CheckInRow>(
      `INSERT INTO check_ins (program_id, member_id, local_date, streak, points, created_at)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING ${CHECK_IN_COLUMNS}`,
      [program.id, member.id, today, streak, points, at],
    );
    if (!inserted) {
      const [done] = await tx.query<CheckInRow>(
        `SELECT ${CHECK_IN_COLUMNS} FROM check_ins WHERE member_id = $1 AND local_date = $2`,
        [member.id, today],
      );
      return new Outcome(200, await answer(tx, program, member.id, done!), false);
    }
    if (points > 0) {
      await post(tx, program, {
        programId: program.id,
        memberId: member.id,
        type: 'check_in',
        points,
        description: streak > 1 ? `Daily check-in, day ${streak}` : 'Daily check-in',
        at,
      });
    }
    return new Outcome(201, await answer(tx, program, member.id, inserted), false);
  });
}

async function answer(tx: Sql, program: ProgramRow, memberId: string, row: CheckInRow): Promise<CheckInResponse> {
  const [m] = await tx.query<{ balance: number; debt: number }>('SELECT balance, debt FROM members WHERE id = $1', [
    memberId,
  ]);
  return {
    checkIn: { ...row, bonus: isBonusDay(program, row.streak) },
    // A check-in is always today's (the program's day): done, with the streak it made.
    status: checkInStatus(program, row.date, true, row.streak),
    points: { balance: shownBalance(program, m!.balance, m!.debt) },
  };
}
