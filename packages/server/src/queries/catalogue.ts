import type { RewardList } from '@member-center/contract';
import type { Sql } from '../db/sql.js';
import { page } from '../kernel/paging.js';
import type { ProgramRow } from '../kernel/programs.js';
import type { MemberRow } from '../ledger/members.js';
import { eligibilityOf, ineligibility, type RewardRow, rewardView } from '../rules/rewards.js';

/** The active rewards of the bazaar, oldest first; with a member, each says if it is redeemable now. */
export async function listRewards(
  db: Sql,
  program: ProgramRow,
  member: MemberRow | null,
  limit: number,
  after?: number,
): Promise<RewardList> {
  const [rows, eligibility] = await Promise.all([
    db.query<RewardRow>(
      `SELECT * FROM rewards WHERE program_id = $1 AND active AND ($2::bigint IS NULL OR seq > $2) ORDER BY seq LIMIT $3`,
      [program.id, after ?? null, limit + 1],
    ),
    member ? eligibilityOf(db, program, member) : null,
  ]);
  return page(
    rows,
    limit,
    (r) => r.seq,
    (r) => {
      const view = rewardView(r, program.currency);
      if (!eligibility) return view;
      const no = ineligibility(r, eligibility);
      return {
        ...view,
        redeemable: !no,
        ...(no && { reason: no.reason }),
        ...(no?.reason === 'insufficient_points' && { pointsNeeded: r.cost - eligibility.balance }),
      };
    },
  );
}

const STATUS_FILTER = {
  active: 'active',
  disabled: 'NOT active AND archived_at IS NULL',
  archived: 'archived_at IS NOT NULL',
} as const;

/** The merchant's whole catalogue, oldest first: active, disabled and archived rewards, or those of one status. */
export async function listCatalogue(
  db: Sql,
  program: ProgramRow,
  status: keyof typeof STATUS_FILTER | undefined,
  limit: number,
  after?: number,
): Promise<RewardList> {
  const rows = await db.query<RewardRow>(
    `SELECT * FROM rewards WHERE program_id = $1 AND ($2::bigint IS NULL OR seq > $2)
       ${status ? `AND ${STATUS_FILTER[status]}` : ''}
     ORDER BY seq LIMIT $3`,
    [program.id, after ?? null, limit + 1],
  );
  return page(
    rows,
    limit,
    (r) => r.seq,
    (r) => rewardView(r, program.currency),
  );
}
