import type { Referral, ReferralStatus } from '@member-center/contract';
import type { Sql } from '../db/sql.js';
import { page } from '../kernel/paging.js';
import type { ProgramRow } from '../kernel/programs.js';
import type { MemberRow } from '../ledger/members.js';
import { type AttributionRow, attributionView, SELECT_ATTRIBUTION } from '../rules/referrals.js';
import { referralUrl } from './member-summary.js';

/** `GET /v1/referrals`: newest first, optionally only one status. */
export async function listReferrals(
  db: Sql,
  programId: string,
  limit: number,
  cursor: number | undefined,
  status: ReferralStatus | undefined,
) {
  const rows = await db.query<AttributionRow>(
    `${SELECT_ATTRIBUTION}
     WHERE r.program_id = $1 AND ($2::text IS NULL OR r.status = $2) AND ($3::bigint IS NULL OR r.seq < $3)
     ORDER BY r.seq DESC LIMIT $4`,
    [programId, status ?? null, cursor ?? null, limit + 1],
  );
  return page(rows, limit, (r) => r.seq, attributionView);
}

/** `GET /v1/me/referral`: the code, the link and what the member's invitations have brought. */
export async function referralSummary(db: Sql, program: ProgramRow, member: MemberRow): Promise<Referral> {
  const [stats] = await db.query<{ invited: number; rewarded: number; points: number }>(
    `SELECT count(*) FILTER (WHERE status <> 'blocked')::integer AS invited,
       count(*) FILTER (WHERE status = 'rewarded')::integer AS rewarded,
       coalesce(sum(referrer_points) FILTER (WHERE status = 'rewarded'), 0)::bigint AS points
     FROM referrals WHERE referrer_id = $1`,
    [member.id],
  );
  return {
    code: member.referral_code,
    url: referralUrl(program, member.referral_code),
    stats: { invited: stats!.invited, rewarded: stats!.rewarded, pointsEarned: Number(stats!.points) },
  };
}
