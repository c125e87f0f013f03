import type { MyActions } from '@member-center/contract';
import type { Sql } from '../db/sql.js';
import type { ProgramRow } from '../kernel/programs.js';
import { localDate } from '../kernel/time.js';
import { actionWay, capReached } from '../rules/actions.js';

/** `GET /v1/me/actions`: every way to earn by an action, with what the member has had counted today and ever. */
export async function myActions(db: Sql, program: ProgramRow, memberId: string, now: Date): Promise<MyActions> {
  if (program.action_rules.length === 0) return { items: [] };
  const counts = await db.query<{ type: string; today: number; total: number }>(
    `SELECT type, count(*) FILTER (WHERE local_date = $2)::int AS today, count(*)::int AS total FROM member_actions
     WHERE member_id = $1 AND status = 'credited' GROUP BY type`,
    [memberId, localDate(now, program.time_zone)],
  );
  const byType = new Map(counts.map((c) => [c.type, c]));
  return {
    items: program.action_rules.map((rule) => {
      const { today = 0, total = 0 } = byType.get(rule.type) ?? {};
      return { ...actionWay(rule), today, total, available: capReached(rule, today, total) === null };
    }),
  };
}
