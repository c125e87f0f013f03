import {
  LIFECYCLE_STAGES,
  type LifecycleStage,
  type SegmentMember,
  type SegmentMemberList,
  type Segments,
} from '@member-center/contract';
import type { Sql } from '../db/sql.js';
import { page } from '../kernel/paging.js';
import type { ProgramRow } from '../kernel/programs.js';
import { bounds, STAGE, segmentRules } from '../rules/segments.js';

/** The `k`-th quintile cut point (k = 1..4) of column `value` among program $1's buyers. */
const cut = (value: string, k: number) => `(SELECT ${value} FROM members WHERE program_id = $1 AND order_count > 0
      ORDER BY ${value} OFFSET (SELECT greatest((${k} * n + 4) / 5 - 1, 0) FROM buyers) LIMIT 1)`;

/**
 * The quintile cut points of program $1's buyers (members with an order), one row `c` with
 * r1–r4, f1–f4 and m1–m4: the values at positions ⌈k·n/5⌉ (k = 1..4) in ascending order. A
 * member's score is then 1 + the number of cut points strictly below their value, which is
 * 1 + ⌊5 × (buyers with a lower value) / buyers⌋: exact quintiles in integer arithmetic, and
 * equal values always share a score. Each cut point is an index-only walk of its dimension's
 * partial index (program_id, value) up to its position, with no sort: O(buyers) per request
 * and no stored copy that could go stale (bench/segments.ts prints what it costs).
 */
const CUTS = `
  buyers AS MATERIALIZED (SELECT count(*) AS n FROM members WHERE program_id = $1 AND order_count > 0),
  c AS MATERIALIZED (
    SELECT ${[1, 2, 3, 4].map((k) => `${cut('last_order_at', k)} AS r${k}`).join(', ')},
      ${[1, 2, 3, 4].map((k) => `${cut('order_count', k)} AS f${k}`).join(', ')},
      ${[1, 2, 3, 4].map((k) => `${cut('net_spend', k)} AS m${k}`).join(', ')})`;

const score = (value: string, dimension: 'r' | 'f' | 'm') =>
  `CASE WHEN m.order_count > 0 THEN 1 + (${value} > c.${dimension}1)::int + (${value} > c.${dimension}2)::int
     + (${value} > c.${dimension}3)::int + (${value} > c.${dimension}4)::int END`;

const SCORES = `${score('m.last_order_at', 'r')} AS r, ${score('m.order_count', 'f')} AS f,
  ${score('m.net_spend', 'm')} AS m_score`;

/** Counts per stage and per RFM score and cell at `now`: one pass over the program's members. */
export async function segmentCounts(db: Sql, programId: string, now: Date): Promise<Segments> {
  const [rows, rules] = await Promise.all([
    db.query<{ stage: LifecycleStage; r: number | null; f: number | null; m_score: number | null; members: number }>(
      `WITH ${CUTS}, ${bounds('$1', '$2::timestamptz')}
       SELECT stage, r, f, m_score, count(*)::int AS members FROM (
         SELECT ${STAGE} AS stage, ${SCORES}
         FROM members m CROSS JOIN b CROSS JOIN c
         WHERE m.program_id = $1
       ) s GROUP BY stage, r, f, m_score`,
      [programId, now],
    ),
    segmentRules(db, programId),
  ]);
  const stages = new Map<LifecycleStage, number>(LIFECYCLE_STAGES.map((s) => [s, 0]));
  const perScore = () => [0, 0, 0, 0, 0];
  const rfm = { scored: 0, recency: perScore(), frequency: perScore(), monetary: perScore() };
  const cells = new Map<string, { r: number; f: number; m: number; members: number }>();
  let members = 0;
  for (const row of rows) {
    members += row.members;
    stages.set(row.stage, stages.get(row.stage)! + row.members);
    if (row.r === null || row.f === null || row.m_score === null) continue;
    rfm.scored += row.members;
    rfm.recency[row.r - 1]! += row.members;
    rfm.frequency[row.f - 1]! += row.members;
    rfm.monetary[row.m_score - 1]! += row.members;
    const key = `${row.r}${row.f}${row.m_score}`;
    const cell = cells.get(key) ?? { r: row.r, f: row.f, m: row.m_score, members: 0 };
    cell.members += row.members;
    cells.set(key, cell);
  }
  return {
    asOf: now.toISOString(),
    members,
    stages: [...stages].map(([stage, n]) => ({ stage, members: n })),
    rfm: { ...rfm, cells: [...cells.values()].sort((a, b) => b.r - a.r || b.f - a.f || b.m - a.m) },
    rules,
  };
}

/** `R-F-M` (each `*` or digits 1–5, validated by the contract) → the scores wanted per dimension. */
export function parseRfmFilter(filter: string | undefined) {
  if (filter === undefined) return null;
  const [r, f, m] = filter.split('-').map((part) => (part === '*' ? [1, 2, 3, 4, 5] : [...new Set(part)].map(Number)));
  return { r: r!, f: f!, m: m! };
}

/**
 * The ids of the program's members in a segment at `now`: lifecycle `stage`, RFM scores `rfm`
 * (as in `GET /v1/members`) and the tier they hold (`tierId`; a member with no stored tier
 * holds the threshold-0 one), all that are given. For issuing coupons to a segment.
 */
export async function segmentMemberIds(
  db: Sql,
  programId: string,
  now: Date,
  filter: { stage?: LifecycleStage | undefined; rfm?: string | undefined; tierId?: string | undefined },
) {
  const rfm = parseRfmFilter(filter.rfm);
  const rows = await db.query<{ id: string }>(
    `WITH ${CUTS}, ${bounds('$1', '$2::timestamptz')}
     SELECT id FROM (
       SELECT m.id, m.seq, ${STAGE} AS stage, ${SCORES},
         coalesce(m.tier_id, (SELECT t.id FROM tiers t WHERE t.program_id = $1 AND t.threshold = 0)) AS tier
       FROM members m CROSS JOIN b CROSS JOIN c WHERE m.program_id = $1
     ) s
     WHERE ($3::text IS NULL OR stage = $3)
       AND ($4::int[] IS NULL OR (r = ANY($4::int[]) AND f = ANY($5::int[]) AND m_score = ANY($6::int[])))
       AND ($7::uuid IS NULL OR tier = $7)
     ORDER BY seq`,
    [programId, now, filter.stage ?? null, rfm?.r ?? null, rfm?.f ?? null, rfm?.m ?? null, filter.tierId ?? null],
  );
  return rows.map((r) => r.id);
}

interface ListRow {
  seq: number;
  customer_id: string;
  name: string | null;
  email: string | null;
  birthday: string | null;
  created_at: Date;
  order_count: number;
  net_spend: number;
  first_order_at: Date | null;
  last_order_at: Date | null;
  stage: LifecycleStage;
  r: number | null;
  f: number | null;
  m_score: number | null;
}

/**
 * A page of the program's members, newest first, with their stage and RFM scores at `now`,
 * optionally only those in `stage` and with scores in `rfm`.
 */
export async function listSegmentMembers(
  db: Sql,
  program: ProgramRow,
  now: Date,
  filter: { stage?: LifecycleStage; rfm?: string; q?: string; tierId?: string },
  limit: number,
  before?: number,
): Promise<SegmentMemberList> {
  const rfm = parseRfmFilter(filter.rfm);
  const rows = await db.query<ListRow>(
    `WITH ${CUTS}, ${bounds('$1', '$2::timestamptz')}
     SELECT * FROM (
       SELECT m.seq, m.customer_id, m.name, m.email, to_char(m.birthday, 'YYYY-MM-DD') AS birthday, m.created_at,
         m.order_count, m.net_spend, m.first_order_at, m.last_order_at,
         ${STAGE} AS stage, ${SCORES}
       FROM members m CROSS JOIN b CROSS JOIN c
       WHERE m.program_id = $1 AND ($3::bigint IS NULL OR m.seq < $3)
         AND ($9::text IS NULL OR m.customer_id ILIKE $9 OR m.email ILIKE $9 OR m.name ILIKE $9)
         -- No tier held is the ladder's first (threshold 0), as heldTier reads it.
         AND ($10::uuid IS NULL
           OR coalesce(m.tier_id, (SELECT id FROM tiers WHERE program_id = $1 AND threshold = 0)) = $10)
     ) s
     WHERE ($4::text IS NULL OR stage = $4)
       AND ($5::int[] IS NULL OR (r = ANY($5::int[]) AND f = ANY($6::int[]) AND m_score = ANY($7::int[])))
     ORDER BY seq DESC LIMIT $8`,
    [
      program.id,
      now,
      before ?? null,
      filter.stage ?? null,
      rfm?.r ?? null,
      rfm?.f ?? null,
      rfm?.m ?? null,
      limit + 1,
      filter.q ? `%${filter.q.replace(/[\\%_]/g, '\\$&')}%` : null,
      filter.tierId ?? null,
    ],
  );
  return page(
    rows,
    limit,
    (row) => row.seq,
    (row) => segmentMemberView(program, row),
  );
}

const segmentMemberView = (program: ProgramRow, r: ListRow): SegmentMember => ({
  member: {
    customerId: r.customer_id,
    name: r.name,
    email: r.email,
    birthday: r.birthday,
    joinedAt: r.created_at.toISOString(),
  },
  stage: r.stage,
  rfm: r.r === null || r.f === null || r.m_score === null ? null : { r: r.r, f: r.f, m: r.m_score },
  orders: {
    count: r.order_count,
    netSpend: { amount: r.net_spend, currency: program.currency },
    firstAt: r.first_order_at?.toISOString() ?? null,
    lastAt: r.last_order_at?.toISOString() ?? null,
  },
});
