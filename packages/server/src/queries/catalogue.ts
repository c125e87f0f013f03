import type { RewardList } from '@member-center/contract';
import type { Sql } from '../db/sql.js';
import { invalidRequest } from '../kernel/errors.js';
import { cursorSeq, page } from '../kernel/paging.js';
import { heldTier, type ProgramRow } from '../kernel/programs.js';
import type { MemberRow } from '../ledger/members.js';
import { type Eligibility, eligibilityOf, ineligibility, type RewardRow, rewardView } from '../rules/rewards.js';

const memberView = (program: ProgramRow, eligibility: Eligibility | null) => (r: RewardRow) => {
  const view = rewardView(r, program.currency);
  if (!eligibility) return view;
  const no = ineligibility(r, eligibility);
  return {
    ...view,
    redeemable: !no,
    ...(no && { reason: no.reason }),
    ...(no?.reason === 'insufficient_points' && { pointsNeeded: r.cost - eligibility.balance }),
  };
};

export const POPULAR_DAYS = 90;

/**
 * The bazaar for a signed-in member, in their order (docs/api.md "Recommendations"): first
 * what they can redeem now, the dearest first (the closest to their balance), ties by their
 * tier's redemptions of it in the last 90 days; then the rest by those redemptions, most
 * first, then the fewest points still needed; ties by age (seq). Keyset-paged on that key:
 * the cursor (`m…`) is the last item's key, and the next page is what ranks after it now.
 */
async function listForMember(
  db: Sql,
  program: ProgramRow,
  member: MemberRow,
  limit: number,
  cursor: string | undefined,
  now: Date,
): Promise<RewardList> {
  if (cursor !== undefined && /^\d+$/.test(cursor))
    return listInSeqOrder(db, program, member, limit, cursorSeq(cursor));
  const after = cursor === undefined ? null : parseKey(cursor);
  const eligibility = await eligibilityOf(db, program, member);
  const zero = eligibility.tiers.find((t) => t.threshold === 0)?.id ?? null;
  const held = heldTier(eligibility.tiers, member.tier_id)?.id ?? null;
  const rows = await db.query<RewardRow>('SELECT * FROM rewards WHERE program_id = $1 AND active ORDER BY seq', [
    program.id,
  ]);
  const popular = await db.query<{ reward_id: string; n: number }>(
    `SELECT d.reward_id, count(*)::int AS n FROM redemptions d JOIN members m ON m.id = d.member_id
     WHERE d.program_id = $1 AND d.created_at > $2 AND coalesce(m.tier_id, $3::uuid) IS NOT DISTINCT FROM $4::uuid
     GROUP BY d.reward_id`,
    [program.id, new Date(now.getTime() - POPULAR_DAYS * 86_400_000), zero, held],
  );
  const redeemedBy = new Map(popular.map((p) => [p.reward_id, p.n]));
  const keyed = rows.map((r) => {
    const pop = redeemedBy.get(r.id) ?? 0;
    const no = ineligibility(r, eligibility);
    const key: Key = no ? [1, -pop, Math.max(0, r.cost - eligibility.balance), r.seq] : [0, -r.cost, -pop, r.seq];
    return { r, key };
  });
  keyed.sort((a, b) => compare(a.key, b.key));
  const rest = after ? keyed.filter((k) => compare(k.key, after) > 0) : keyed;
  const items = rest.slice(0, limit);
  const view = memberView(program, eligibility);
  return {
    items: items.map((k) => view(k.r)),
    ...(rest.length > limit && { nextCursor: `m${items.at(-1)!.key.join('_')}` }),
  };
}

type Key = [number, number, number, number];

const compare = (a: Key, b: Key) => {
  for (let i = 0; i < 4; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
};

function parseKey(cursor: string): Key {
  const parts = /^m(-?\d{1,15})_(-?\d{1,15})_(-?\d{1,15})_(\d{1,15})$/.exec(cursor);
  if (!parts) throw invalidRequest('cursor is not one this API handed out', { cursor });
  return [Number(parts[1]), Number(parts[2]), Number(parts[3]), Number(parts[4])];
}

/**
 * The active rewards of the bazaar: for a guest oldest first (seq-paged); for a member in their
 * own order (listForMember), each saying whether it is redeemable now.
 */
export function listRewards(
  db: Sql,
  program: ProgramRow,
  member: MemberRow | null,
  limit: number,
  cursor: string | undefined,
  now: Date,
): Promise<RewardList> {
  if (member) return listForMember(db, program, member, limit, cursor, now);
  return listInSeqOrder(db, program, null, limit, cursorSeq(cursor));
}

/** The active rewards of the bazaar, oldest first; with a member, each says if it is redeemable now. */
async function listInSeqOrder(
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
  return page(rows, limit, (r) => r.seq, memberView(program, eligibility));
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
