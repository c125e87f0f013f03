import type { AuditEntry, AuditList } from '@member-center/contract';
import type { Sql } from '../db/sql.js';
import { page } from '../kernel/paging.js';

export interface AuditRecord {
  programId: string;
  operator: { id: string | null; email: string };
  action: string;
  target?: string | null;
  before?: unknown;
  after?: unknown;
  reason?: string | null;
}

interface AuditRow {
  id: number;
  at: Date;
  operator_id: string | null;
  operator_email: string;
  action: string;
  target: string | null;
  before: unknown;
  after: unknown;
  reason: string | null;
}

const json = (value: unknown) => (value === undefined || value === null ? null : JSON.stringify(value));

/** Appends one entry to the audit log (the table refuses updates and deletes). */
export async function recordAudit(db: Sql, r: AuditRecord, now: Date) {
  await db.query(
    `INSERT INTO audit_log (program_id, operator_id, operator_email, action, target, before, after, reason, at)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb, $8, $9)`,
    [
      r.programId,
      r.operator.id,
      r.operator.email,
      r.action,
      r.target ?? null,
      json(r.before),
      json(r.after),
      r.reason ?? null,
      now,
    ],
  );
}

const view = (r: AuditRow): AuditEntry => ({
  id: String(r.id),
  at: new Date(r.at).toISOString(),
  operator: { id: r.operator_id, email: r.operator_email },
  action: r.action,
  target: r.target,
  before: r.before ?? null,
  after: r.after ?? null,
  reason: r.reason,
});

/** A page of the program's audit log, newest first, optionally filtered. */
export async function listAudit(
  db: Sql,
  programId: string,
  filter: { action?: string | undefined; operator?: string | undefined; target?: string | undefined },
  limit: number,
  before?: number,
): Promise<AuditList> {
  const action = filter.action?.endsWith('.*') ? `${filter.action.slice(0, -1)}%` : filter.action;
  const rows = await db.query<AuditRow>(
    `SELECT * FROM audit_log WHERE program_id = $1 AND ($2::bigint IS NULL OR id < $2)
       AND ($3::text IS NULL OR action LIKE $3) AND ($4::text IS NULL OR lower(operator_email) = lower($4))
       AND ($5::text IS NULL OR target = $5)
     ORDER BY id DESC LIMIT $6`,
    [programId, before ?? null, action ?? null, filter.operator ?? null, filter.target ?? null, limit + 1],
  );
  return page(rows, limit, (r) => Number(r.id), view);
}
