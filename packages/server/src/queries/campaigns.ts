import type { CampaignArm, CampaignList, CampaignResults, SpanFigures } from '@member-center/contract';
import type { Sql } from '../db/sql.js';
import { notFound } from '../kernel/errors.js';
import { page } from '../kernel/paging.js';
import type { ProgramRow } from '../kernel/programs.js';
import { welchInterval } from '../kernel/welch.js';
import { type CampaignRow, campaignView } from '../rules/campaigns.js';

export async function listCampaigns(db: Sql, programId: string, limit: number, before?: number): Promise<CampaignList> {
  const rows = await db.query<CampaignRow>(
    `SELECT * FROM campaigns WHERE program_id = $1 AND ($2::bigint IS NULL OR seq < $2) ORDER BY seq DESC LIMIT $3`,
    [programId, before ?? null, limit + 1],
  );
  return page(rows, limit, (r) => r.seq, campaignView);
}

async function spanFigures(db: Sql, program: ProgramRow, from: Date, to: Date): Promise<SpanFigures> {
  const [row] = await db.query<{ orders: number; spend: number; points: number; members: number }>(
    `SELECT count(*)::float8 AS orders, coalesce(sum(amount), 0)::float8 AS spend,
       coalesce(sum(points_awarded), 0)::float8 AS points, count(DISTINCT member_id)::float8 AS members
     FROM orders WHERE program_id = $1 AND created_at >= $2 AND created_at < $3`,
    [program.id, from, to],
  );
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    orders: row!.orders,
    spend: { amount: row!.spend, currency: program.currency },
    points: row!.points,
    activeMembers: row!.members,
  };
}

interface ArmRow {
  held_out: boolean;
  members: number;
  orders: number;
  spend: number;
  points: number;
  spend_variance: number | null;
}

/**
 * The campaign's members and their figures over [from, to), by group. Its members: those who
 * joined before `to`; for a first-order campaign, only those without an order before it began;
 * for a tier campaign, those it has seen (recorded) or who hold its tier or above now. A
 * member's group: the one recorded when the campaign first saw them, else their draw at the
 * current share (they have not been treated differently yet). Members without orders count
 * with zeros.
 */
const ARMS_SQL = `
  WITH c AS (SELECT * FROM campaigns WHERE id = $1),
  pop AS (
    SELECT m.id, coalesce(cm.held_out, campaign_draw(c.id, m.id) < c.holdout_percent / 100.0) AS held_out
    FROM c JOIN members m ON m.program_id = c.program_id
      LEFT JOIN campaign_members cm ON cm.campaign_id = c.id AND cm.member_id = m.id
    WHERE m.created_at < $3
      AND (NOT c.first_order_only OR NOT EXISTS (
        SELECT 1 FROM orders o WHERE o.member_id = m.id AND o.created_at < c.starts_at))
      AND (c.tier_id IS NULL OR cm.member_id IS NOT NULL OR coalesce(
        (SELECT threshold FROM tiers WHERE id = m.tier_id), 0) >= (SELECT threshold FROM tiers WHERE id = c.tier_id))
  ),
  per AS (
    SELECT pop.id, pop.held_out, count(o.order_id) AS orders, coalesce(sum(o.amount), 0) AS spend,
      coalesce(sum(o.points_awarded), 0) AS points
    FROM pop LEFT JOIN orders o ON o.member_id = pop.id AND o.created_at >= $2 AND o.created_at < $3
    GROUP BY pop.id, pop.held_out
  )
  SELECT held_out, count(*)::float8 AS members, sum(orders)::float8 AS orders, sum(spend)::float8 AS spend,
    sum(points)::float8 AS points, var_samp(spend)::float8 AS spend_variance
  FROM per GROUP BY held_out`;

const armView = (r: ArmRow, currency: string): CampaignArm => ({
  members: r.members,
  orders: r.orders,
  spend: { amount: r.spend, currency },
  points: r.points,
  ordersPerMember: r.orders / r.members,
  spendPerMember: r.spend / r.members,
  pointsPerMember: r.points / r.members,
});

/**
 * `GET /v1/campaigns/{id}/results` at `now`: see docs/api.md "Campaign results" for the rules.
 * The span is [startsAt, min(endsAt, now)) (empty before the start); "before" is the same
 * length ending at startsAt.
 */
export async function campaignResults(db: Sql, program: ProgramRow, id: string, now: Date): Promise<CampaignResults> {
  const [c] = await db.query<CampaignRow>('SELECT * FROM campaigns WHERE program_id = $1 AND id = $2', [
    program.id,
    id,
  ]);
  if (!c) throw notFound(`No campaign ${id} in this program.`);
  const from = c.starts_at;
  const to = new Date(Math.max(from.getTime(), Math.min(c.ends_at.getTime(), now.getTime())));
  const length = to.getTime() - from.getTime();
  const [during, before, arms] = await Promise.all([
    spanFigures(db, program, from, to),
    spanFigures(db, program, new Date(from.getTime() - length), from),
    db.query<ArmRow>(ARMS_SQL, [c.id, from, to]),
  ]);
  const treated = arms.find((a) => !a.held_out);
  const heldOut = arms.find((a) => a.held_out);
  return {
    campaign: campaignView(c),
    during,
    before,
    holdout: treated && heldOut ? holdoutView(treated, heldOut, program.currency) : null,
  };
}

function holdoutView(treatedRow: ArmRow, heldRow: ArmRow, currency: string): NonNullable<CampaignResults['holdout']> {
  const [treated, heldOut] = [armView(treatedRow, currency), armView(heldRow, currency)];
  const ci = welchInterval(
    { n: treated.members, mean: treated.spendPerMember, variance: treatedRow.spend_variance ?? 0 },
    { n: heldOut.members, mean: heldOut.spendPerMember, variance: heldRow.spend_variance ?? 0 },
  );
  const base = heldOut.spendPerMember;
  const relative = (x: number) => (base > 0 ? x / base : null);
  return {
    treated,
    heldOut,
    lift: {
      spendPerMember: ci.diff,
      low: ci.low,
      high: ci.high,
      relative: relative(ci.diff),
      relativeLow: relative(ci.low),
      relativeHigh: relative(ci.high),
      df: ci.df,
      significant: ci.se > 0 && (ci.low > 0 || ci.high < 0),
    },
    ordersLift: treated.ordersPerMember - heldOut.ordersPerMember,
    pointsLift: treated.pointsPerMember - heldOut.pointsPerMember,
  };
}
