import type { ActionResponse, ReportActionBody } from '@member-center/contract';
import type { Database, Sql } from '../db/sql.js';
import { conflict } from '../kernel/errors.js';
import { Outcome } from '../kernel/idempotency.js';
import { type ActionRule, type ProgramRow, shownBalance } from '../kernel/programs.js';
import { localDate } from '../kernel/time.js';
import { postLocked } from '../ledger/ledger.js';
import { ensureMember } from '../ledger/members.js';
import { lockAndAdvance } from '../member-state/advance.js';
import { actionRule, capReached } from '../rules/actions.js';

interface ActionRow {
  type: string;
  action_id: string;
  member_id: string;
  date: string;
  status: 'credited' | 'capped';
  cap: 'day' | 'lifetime' | null;
  points: number;
  created_at: Date;
}

const ACTION_COLUMNS = `type, action_id, member_id, to_char(local_date, 'YYYY-MM-DD') AS date, status, cap, points, created_at`;

const stored = async (tx: Sql, programId: string, type: string, actionId: string) =>
  (
    await tx.query<ActionRow>(
      `SELECT ${ACTION_COLUMNS} FROM member_actions WHERE program_id = $1 AND type = $2 AND action_id = $3`,
      [programId, type, actionId],
    )
  )[0];

/** The first answer to an action reported again: the same result, the balance as it is now. */
async function again(tx: Sql, program: ProgramRow, memberId: string, row: ActionRow) {
  if (row.member_id !== memberId) {
    throw conflict(
      'idempotency_conflict',
      `The ${row.type} action ${row.action_id} was already reported for another member; action ids are unique per type.`,
    );
  }
  return new Outcome(200, await answer(tx, program, row), true);
}

/**
 * Counts one action of the member by `rule`, in the caller's transaction, once per (program,
 * type, action id): the member row is locked first, so racing reports of one member queue and
 * each counts the ones committed before it (a cap is never overshot); a twin of the same id
 * finds the first one's row and gets its answer. Over a cap the action is kept as capped (no
 * points), so a retry answers the same. Returns 201 when credited, 200 when capped or replayed.
 */
export async function recordAction(
  tx: Sql,
  program: ProgramRow,
  memberId: string,
  rule: ActionRule,
  actionId: string,
  at: Date,
): Promise<Outcome> {
  const earlier = await stored(tx, program.id, rule.type, actionId);
  if (earlier) return again(tx, program, memberId, earlier);
  await lockAndAdvance(tx, program, memberId, at);
  const today = localDate(at, program.time_zone);
  const [counted] = await tx.query<{ today: number; total: number }>(
    `SELECT count(*) FILTER (WHERE local_date = $3)::int AS today, count(*)::int AS total FROM member_actions
     WHERE member_id = $1 AND type = $2 AND status = 'credited'`,
    [memberId, rule.type, today],
  );
  const cap = capReached(rule, counted!.today, counted!.total);
  const [row] = await tx.query<ActionRow>(
    `INSERT INTO member_actions (program_id, type, action_id, member_id, local_date, status, cap, points, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING RETURNING ${ACTION_COLUMNS}`,
    [program.id, rule.type, actionId, memberId, today, cap ? 'capped' : 'credited', cap, cap ? 0 : rule.points, at],
  );
  if (!row) return again(tx, program, memberId, (await stored(tx, program.id, rule.type, actionId))!);
  if (!cap) {
    await postLocked(
      tx,
      { programId: program.id, memberId, type: 'action', points: rule.points, description: rule.label, at },
      program.points_expire_months,
    );
  }
  return new Outcome(cap ? 200 : 201, await answer(tx, program, row), false);
}

async function answer(tx: Sql, program: ProgramRow, row: ActionRow): Promise<ActionResponse> {
  const [m] = await tx.query<{ balance: number; debt: number }>('SELECT balance, debt FROM members WHERE id = $1', [
    row.member_id,
  ]);
  return {
    action: {
      type: row.type,
      id: row.action_id,
      status: row.status,
      points: row.points,
      cap: row.cap,
      date: row.date,
      createdAt: row.created_at.toISOString(),
    },
    points: { balance: shownBalance(program, m!.balance, m!.debt) },
  };
}

/** `POST /v1/members/{customerId}/actions`: enrols the member on first sight, like an order. */
export function reportAction(db: Database, program: ProgramRow, customerId: string, body: ReportActionBody, at: Date) {
  const rule = actionRule(program, body.type);
  return db.transaction(async (tx) => {
    const member = await ensureMember(tx, program.id, customerId);
    return recordAction(tx, program, member.id, rule, body.id, at);
  });
}
