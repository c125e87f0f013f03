import type { AdjustmentBody } from '@member-center/contract';
import type { Database, Sql } from '../db/sql.js';
import { idempotent } from '../kernel/idempotency.js';
import type { ProgramRow } from '../kernel/programs.js';
import { ensureMember } from '../ledger/members.js';
import { post } from '../member-state/advance.js';

async function adjustPoints(tx: Sql, program: ProgramRow, customerId: string, adjustment: AdjustmentBody, at: Date) {
  const member = await ensureMember(tx, program.id, customerId);
  const balance = await post(tx, program, {
    programId: program.id,
    memberId: member.id,
    type: 'adjustment',
    points: adjustment.points,
    description: adjustment.reason,
    at,
  });
  return { status: 201, body: { points: { balance } } };
}

export const adjust = (
  db: Database,
  program: ProgramRow,
  customerId: string,
  adjustment: AdjustmentBody,
  key: string,
  at: Date,
) =>
  idempotent(db, { programId: program.id, scope: 'merchant', key, request: { customerId, ...adjustment } }, (tx) =>
    adjustPoints(tx, program, customerId, adjustment, at),
  );
