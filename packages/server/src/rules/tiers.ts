import type { Program, TierSetting, TierStatus, UpdateProgramBody } from '@member-center/contract';
import type { Sql } from '../db/sql.js';
import { invalidRequest } from '../kernel/errors.js';
import {
  heldTier,
  memberDaysAt,
  type ProgramRow,
  type TierRow,
  tierFor,
  tiersOf,
  tierView,
} from '../kernel/programs.js';
import { addMonths, localDate, startOfYear } from '../kernel/time.js';
import type { MemberRow } from '../ledger/members.js';
import { emit } from '../webhooks/outbox.js';

/**
 * Tier rules. A member holds a stored tier: it goes up as soon as the progress in the current
 * window (the last N months, or the calendar year so far) reaches a higher threshold, and it
 * can only go down at the end of its period, judged on the progress made during that period:
 *
 * - rolling_months (N): a tier reached at S is held until S + N months and kept for another
 *   N months if the progress after S reaches its threshold; else it moves down to the tier that
 *   progress reaches.
 * - calendar_year: a tier reached in year Y is held through the end of year Y + 1 (airline
 *   status) and kept through Y + 2 if the progress of Y + 1 reaches its threshold.
 *
 * Period ends are settled lazily (before a member is read or changed) and by the sweep, at the
 * instant the period ends, so both write the same entries.
 */

export type TierBasis = 'points' | 'spend' | 'orders';

type TierWindow = NonNullable<UpdateProgramBody['tierWindow']>;

type Rule = Pick<ProgramRow, 'tier_basis' | 'tier_period' | 'tier_window_months' | 'time_zone'>;

export const tierWindowView = (p: Rule): Program['tierWindow'] =>
  p.tier_period === 'calendar_year'
    ? { kind: 'calendar_year', basis: p.tier_basis }
    : { kind: 'rolling_months', months: p.tier_window_months, basis: p.tier_basis };

/** Stores the tier rule the merchant sent (omitted fields stay); returns the program. */
export async function setTierWindow(db: Sql, programId: string, w: TierWindow) {
  const [row] = await db.query<ProgramRow>(
    `UPDATE programs SET tier_period = coalesce($2, tier_period), tier_window_months = coalesce($3, tier_window_months),
       tier_basis = coalesce($4, tier_basis)
     WHERE id = $1 RETURNING *`,
    [programId, w.kind ?? null, w.months ?? null, w.basis ?? null],
  );
  return row!;
}

const rank = (t: TierRow | null) => t?.threshold ?? -1;

const later = (at: Date, ms: number) => new Date(at.getTime() + ms);

const yearOf = (at: Date, timeZone: string) => Number(localDate(at, timeZone).slice(0, 4));

/** The window [from, to) that counts toward tiers at `at`: the last N months, or this year so far. */
function currentWindow(rule: Rule, at: Date): [Date, Date] {
  const to = later(at, 1); // events at `at` itself count
  if (rule.tier_period === 'calendar_year') return [startOfYear(yearOf(at, rule.time_zone), rule.time_zone), to];
  return [later(addMonths(at, -rule.tier_window_months), 1), to];
}

/**
 * The period of a tier qualified at `at`: until when it is held, and from when progress counts
 * toward keeping it. `upgraded`: qualified by the progress up to and including `at` (an
 * upgrade); else by the progress before `at` (a period end). Null: the tier cannot be lost.
 */
function periodAfter(rule: Rule, at: Date, upgraded: boolean, tier: TierRow | null) {
  if (!tier || tier.threshold === 0) return { countsFrom: null, until: null };
  if (rule.tier_period === 'calendar_year') {
    const year = yearOf(upgraded ? at : later(at, -1), rule.time_zone);
    return { countsFrom: startOfYear(year + 1, rule.time_zone), until: startOfYear(year + 2, rule.time_zone) };
  }
  return { countsFrom: upgraded ? later(at, 1) : at, until: addMonths(at, rule.tier_window_months) };
}

/**
 * Progress toward tiers from events in [from, to), in the basis' unit. Points: purchase points,
 * a held order's counted from the end of its return window (released or not, so the answer
 * does not depend on when the release ran); refunds taken off their order's points. Spend:
 * order totals at the same moments, minus their refunds. Refunds made at or after `to` do not
 * count, so a period is judged on what had happened by its end.
 */
export async function tierProgress(db: Sql, basis: TierBasis, memberId: string, from: Date, to: Date) {
  if (from.getTime() >= to.getTime()) return 0;
  const [row] = await db.query<{ progress: number }>(
    'SELECT tier_progress($1, $2::uuid, $3::timestamptz, $4::timestamptz) AS progress',
    [basis, memberId, from, to],
  );
  return row!.progress;
}

/**
 * tierProgress() as one SQL expression over the member `member` and the instants `from` and
 * `to` (SQL expressions too), so that a read can fold it into a bigger statement: a call of
 * migration 18's tier_progress(), which holds the sums.
 */
export const progressSql = (basis: TierBasis, member: string, from: string, to: string) =>
  `tier_progress('${basis}', ${member}, ${from}, ${to})`;

interface TierState extends Rule {
  program_id: string;
  customer_id: string;
  balance: number;
  tier_id: string | null;
  tier_counts_from: Date | null;
  tier_until: Date | null;
  tier_tenure_at: Date | null;
  created_at: Date;
}

const loadState = async (tx: Sql, memberId: string) =>
  (
    await tx.query<TierState>(
      `SELECT m.program_id, m.customer_id, m.balance, m.tier_id, m.tier_counts_from, m.tier_until,
         m.tier_tenure_at, m.created_at, p.tier_basis, p.tier_period, p.tier_window_months, p.time_zone
       FROM members m JOIN programs p ON p.id = m.program_id WHERE m.id = $1`,
      [memberId],
    )
  )[0]!;

const brief = (t: TierRow | null) => t && { id: t.id, name: t.name };

/** A tier change: a 0-point ledger entry and the tier.changed event, in the caller's transaction. */
async function recordChange(
  tx: Sql,
  memberId: string,
  s: TierState,
  from: TierRow | null,
  to: TierRow | null,
  reason: 'qualified' | 'period_end' | 'tier_removed',
  at: Date,
) {
  const description =
    reason === 'tier_removed'
      ? removalDescription(from!, to)
      : rank(to) > rank(from)
        ? `Upgraded to ${to!.name}`
        : to
          ? `Moved down to ${to.name}`
          : `${from!.name} ended`;
  await tx.query(
    `INSERT INTO ledger_entries (program_id, member_id, type, points, balance_after, description, created_at)
     VALUES ($1, $2, 'tier', 0, $3, $4, $5)`,
    [s.program_id, memberId, s.balance, description, at],
  );
  await emit(
    tx,
    s.program_id,
    'tier.changed',
    { customerId: s.customer_id, from: brief(from), to: brief(to), reason, at: at.toISOString() },
    at,
  );
}

/**
 * Brings a member's tier up to `at`, in the caller's transaction (the caller holds the member
 * lock): every period that has ended is judged at its end (kept, or moved down), then, if
 * `upgrade` or a period ended, the current window may lift the tier. Returns the changes made.
 */
async function settleTier(tx: Sql, memberId: string, at: Date, upgrade: boolean) {
  const s = await loadState(tx, memberId);
  const due =
    (s.tier_until !== null && s.tier_until.getTime() <= at.getTime()) ||
    (s.tier_tenure_at !== null && s.tier_tenure_at.getTime() <= at.getTime());
  if (!due && !upgrade) return 0;
  const days = (end: Date) => memberDaysAt(s.created_at, new Date(end.getTime() - 1));
  const tiers = await tiersOf(tx, s.program_id);
  let held = heldTier(tiers, s.tier_id);
  let period = { countsFrom: s.tier_counts_from, until: s.tier_until };
  let changes = 0;
  if (s.tier_id !== null && !tiers.some((t) => t.id === s.tier_id)) {
    // A tier removed by a ladder edit that raced this member's upgrade (the edit marked every
    // member for review): moved down as the edit moves a removed tier's members.
    const [gone] = await tx.query<TierRow>(
      'SELECT id, name, threshold, multiplier_percent, min_member_days, benefits, translations FROM tiers WHERE id = $1',
      [s.tier_id],
    );
    held = tierFor(tiers, gone!.threshold);
    await recordChange(tx, memberId, s, gone!, held, 'tier_removed', at);
    if (!held || held.threshold === 0) period = { countsFrom: null, until: null };
    changes++;
  }
  while (period.until && period.until.getTime() <= at.getTime()) {
    const end = period.until;
    const progress = await tierProgress(tx, s.tier_basis, memberId, period.countsFrom ?? end, end);
    const reached = tierFor(tiers, progress, days(end));
    if (rank(reached) < rank(held)) {
      await recordChange(tx, memberId, s, held, reached, 'period_end', end);
      held = reached;
      changes++;
    }
    period = periodAfter(s, end, false, held);
  }
  const [from, to] = currentWindow(s, at);
  const progress = await tierProgress(tx, s.tier_basis, memberId, from, to);
  const reached = tierFor(tiers, progress, memberDaysAt(s.created_at, at));
  if (rank(reached) > rank(held)) {
    await recordChange(tx, memberId, s, held, reached, 'qualified', at);
    held = reached;
    changes++;
    period = periodAfter(s, at, true, held);
  }
  // A higher tier the progress reaches but the membership is too young for opens at an instant:
  // work that falls due then (tier_tenure_at, in member_due_at()), reviewed like an upgrade.
  const waiting = tiers.filter((t) => rank(t) > rank(held) && t.threshold <= progress);
  const opensAt = waiting.length
    ? new Date(s.created_at.getTime() + Math.min(...waiting.map((t) => t.min_member_days)) * 86_400_000)
    : null;
  const tenureChanged = (opensAt?.getTime() ?? null) !== (s.tier_tenure_at?.getTime() ?? null);
  if (!due && changes === 0 && !tenureChanged) return 0;
  // The new period's end is work that falls due: next_due_at moves down to it.
  await tx.query(
    `UPDATE members SET tier_id = $2, tier_counts_from = $3, tier_until = $4, tier_tenure_at = $5,
       next_due_at = least(next_due_at, $4, $5)
     WHERE id = $1`,
    [memberId, held?.id ?? null, period.countsFrom, period.until, opensAt],
  );
  return changes;
}

/** Settles the tier periods that have ended by `at` (and any upgrade after them). Caller holds the lock. */
export const endTierPeriods = (tx: Sql, memberId: string, at: Date) => settleTier(tx, memberId, at, false);

/** After progress grew (an order, released points): upgrades at once if a threshold is reached. Caller holds the lock. */
export const reviewTier = (tx: Sql, memberId: string, at: Date) => settleTier(tx, memberId, at, true);

/** The window that counts toward tiers at `now`, as [from, to). */
export const tierWindowAt = (program: ProgramRow, now: Date) => currentWindow(program, now);

/**
 * What the member sees of their tier, from their row and two figures read with it: the
 * progress in the current window, and (when the held tier can be lost) the progress of the
 * held tier's period so far. `member`: a row brought up to date by `now`.
 */
export function tierStatusFrom(
  program: ProgramRow,
  tiers: TierRow[],
  member: MemberRow,
  progress: number,
  keepProgress: number | null,
  now: Date,
): TierStatus {
  const held = heldTier(tiers, member.tier_id);
  const next = tiers.find((t) => t.threshold > rank(held)) ?? null;
  const floor = held?.threshold ?? 0;
  const days = next ? Math.max(0, next.min_member_days - memberDaysAt(member.created_at, now)) : null;
  const until = member.tier_until;
  // Days as the member reads them, in the program's time zone: the last day of this period, and
  // the last of the next one (through which a tier kept now is held).
  const lastDayBefore = (end: Date) => localDate(new Date(end.getTime() - 1), program.time_zone);
  const keep =
    held && held.threshold > 0 && until
      ? {
          remaining: Math.max(0, held.threshold - (keepProgress ?? 0)),
          by: until.toISOString(),
          lastDay: lastDayBefore(until),
          keptThrough: lastDayBefore(periodAfter(program, until, false, held).until!),
        }
      : null;
  const status: TierStatus = {
    current: held && tierView(held),
    next: next && tierView(next),
    progress: {
      qualifyingPoints: progress,
      remaining: next ? Math.max(0, next.threshold - progress) : null,
      ratio: next ? Math.min(1, Math.max(0, (progress - floor) / (next.threshold - floor))) : 1,
      memberDaysRemaining: days,
    },
    basis: program.tier_basis,
    keep,
  };
  return withTierMessages(status, program, program.locale);
}

const isZh = (locale: string) => locale.toLowerCase().startsWith('zh');

/** "2 more orders", "150 more points", "¥12.34 more spend" (or in Chinese). */
function amountNeeded(basis: TierBasis, n: number, program: Pick<ProgramRow, 'currency'>, locale: string) {
  const zh = isZh(locale);
  if (basis === 'orders') return zh ? `再下 ${n} 单` : `${n} more order${n === 1 ? '' : 's'}`;
  if (basis === 'points') return zh ? `再得 ${n} 积分` : `${n} more point${n === 1 ? '' : 's'}`;
  const digits = new Intl.NumberFormat('en', { style: 'currency', currency: program.currency }).resolvedOptions()
    .maximumFractionDigits!;
  const money = new Intl.NumberFormat(locale, { style: 'currency', currency: program.currency }).format(
    n / 10 ** digits,
  );
  return zh ? `再消费 ${money}` : `${money} more spend`;
}

/**
 * The tier status' messages in `locale` (en, or zh for any Chinese tag): what reaching the next
 * tier takes (its remaining progress and membership days, joined), and what keeping the held
 * one takes by its period's end, from the figures the status carries and the tier names as
 * they stand in it (so a localized status gets localized names).
 */
export function withTierMessages(
  status: TierStatus,
  program: Pick<ProgramRow, 'currency' | 'time_zone' | 'tier_basis'>,
  locale: string,
): TierStatus {
  const zh = isZh(locale);
  const basis = status.basis ?? program.tier_basis;
  const { next, current, progress, keep } = status;
  let message: string | null = null;
  if (next) {
    const parts = [
      ...(progress.remaining ? [amountNeeded(basis, progress.remaining, program, locale)] : []),
      ...(progress.memberDaysRemaining
        ? [
            zh
              ? `再做会员 ${progress.memberDaysRemaining} 天`
              : `member for ${progress.memberDaysRemaining} more day${progress.memberDaysRemaining === 1 ? '' : 's'}`,
          ]
        : []),
    ];
    message =
      parts.length === 0
        ? zh
          ? `即将升级为${next.name}`
          : `${next.name} is on its way`
        : zh
          ? `${parts.join('，')}即可升级为${next.name}`
          : `${parts.join(' and ')} to reach ${next.name}`;
  }
  const date =
    keep &&
    new Intl.DateTimeFormat(zh ? 'zh-CN' : 'en', { dateStyle: 'medium', timeZone: program.time_zone }).format(
      new Date(keep.by),
    );
  const keepMessage =
    keep && current
      ? keep.remaining > 0
        ? zh
          ? `${date}前${amountNeeded(basis, keep.remaining, program, locale)}即可保住${current.name}`
          : `${amountNeeded(basis, keep.remaining, program, locale)} by ${date} to keep ${current.name}`
        : zh
          ? `已保住${current.name}，${date}后继续有效`
          : `${current.name} is kept past ${date}`
      : null;
  return {
    ...status,
    progress: { ...progress, message },
    keep: keep && keepMessage ? { ...keep, message: keepMessage } : keep,
  };
}

/**
 * Replaces the program's tier ladder with `ladder`, in the caller's transaction (which holds the
 * program row lock). Tiers with an id are changed in place, tiers without one are created, and
 * tiers left out are removed: kept as rows (ledger, orders and campaigns may name them) but no
 * longer the program's. Their members move at once to the highest remaining tier whose new
 * threshold is at or below the removed tier's (never up; null when there is none), keeping their
 * period end (none at a threshold-0 tier), each with a `tier` ledger entry and a tier.changed
 * event (reason `tier_removed`). A removed tier that an active reward or a campaign not yet
 * ended requires is refused: move those first. When the edit may lift members (a lower
 * threshold, a new tier), every member is marked for a tier review, done by the member-state
 * step on their next read or the sweep; so is every member when a tier is removed, which
 * also repairs a member whose concurrent upgrade wrote the removed tier after the move.
 */
export async function setTierLadder(tx: Sql, programId: string, ladder: TierSetting[], at: Date) {
  const before = await tiersOf(tx, programId);
  const known = new Map(before.map((t) => [t.id, t]));
  ladder.forEach((t, i) => {
    if (t.id && !known.has(t.id))
      throw invalidRequest(`tiers.${i}.id: no tier ${t.id} in this program.`, {
        issues: [{ path: `body.tiers.${i}.id`, message: 'no such tier in this program', code: 'custom' }],
      });
  });
  const kept = new Set(ladder.flatMap((t) => (t.id ? [t.id] : [])));
  const removed = before.filter((t) => !kept.has(t.id));
  const removedIds = removed.map((t) => t.id);
  if (removed.length > 0) {
    const needed = await tx.query<{ what: string; name: string; tier: string }>(
      `SELECT 'reward' AS what, r.name, r.tier_id AS tier FROM rewards r
       WHERE r.program_id = $1 AND r.tier_id = ANY ($2::uuid[]) AND r.archived_at IS NULL
       UNION ALL
       SELECT 'campaign', c.name, c.tier_id FROM campaigns c
       WHERE c.program_id = $1 AND c.tier_id = ANY ($2::uuid[]) AND c.ends_at > $3`,
      [programId, removedIds, at],
    );
    if (needed.length > 0) {
      const list = needed.map((n) => `${n.what} "${n.name}" (${known.get(n.tier)!.name})`).join(', ');
      throw invalidRequest(
        `A removed tier is still required by ${list}: change or archive the reward, or end the campaign, first.`,
        { required: needed.map((n) => ({ kind: n.what, name: n.name, tierId: n.tier })) },
      );
    }
    await tx.query('UPDATE tiers SET removed_at = $2 WHERE id = ANY ($1::uuid[])', [removedIds, at]);
  }
  let lifts = false;
  for (const t of ladder) {
    const values = [
      t.name,
      t.threshold,
      Math.round((t.multiplier ?? 1) * 100),
      t.benefits ?? [],
      JSON.stringify(t.translations ?? {}),
      t.minMemberDays ?? 0,
    ];
    if (t.id) {
      const was = known.get(t.id)!;
      lifts ||= t.threshold < was.threshold || (t.minMemberDays ?? 0) < was.min_member_days;
      await tx.query(
        `UPDATE tiers SET name = $2, threshold = $3, multiplier_percent = $4, benefits = $5, translations = $6::jsonb,
           min_member_days = $7
         WHERE id = $1`,
        [t.id, ...values],
      );
    } else {
      lifts = true;
      await tx.query(
        `INSERT INTO tiers (program_id, name, threshold, multiplier_percent, benefits, translations, min_member_days)
         VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7)`,
        [programId, ...values],
      );
    }
  }
  const after = await tiersOf(tx, programId);
  for (const gone of removed) await moveMembersOff(tx, programId, gone, tierFor(after, gone.threshold), at);
  // A removal marks them too: a member whose upgrade raced this edit may hold a removed tier.
  if (lifts || removed.length > 0) {
    await tx.query(
      `UPDATE members SET tier_review_due = true, next_due_at = timestamptz 'epoch' WHERE program_id = $1`,
      [programId],
    );
  }
  return after;
}

const removalDescription = (gone: TierRow, to: TierRow | null) =>
  to ? `Moved to ${to.name}: ${gone.name} was removed` : `${gone.name} was removed`;

/** The members of a removed tier move to `to` (or to none): entry, event and row, in one go each. */
async function moveMembersOff(tx: Sql, programId: string, gone: TierRow, to: TierRow | null, at: Date) {
  // Locked in one order, as every writer of a member does, before their balance is copied.
  const held = await tx.query<{ id: string }>(
    'SELECT id FROM members WHERE program_id = $1 AND tier_id = $2 ORDER BY id FOR UPDATE',
    [programId, gone.id],
  );
  if (held.length === 0) return;
  const description = removalDescription(gone, to);
  await tx.query(
    `INSERT INTO ledger_entries (program_id, member_id, type, points, balance_after, description, created_at)
     SELECT program_id, id, 'tier', 0, balance, $3, $4 FROM members WHERE program_id = $1 AND tier_id = $2`,
    [programId, gone.id, description, at],
  );
  await tx.query(
    `INSERT INTO webhook_outbox (program_id, type, data, created_at)
     SELECT m.program_id, 'tier.changed', json_build_object('customerId', m.customer_id,
         'from', json_build_object('id', $2::uuid, 'name', $3::text),
         'to', CASE WHEN $4::uuid IS NULL THEN NULL ELSE json_build_object('id', $4::uuid, 'name', $5::text) END,
         'reason', 'tier_removed', 'at', $6::text), $7
     FROM members m WHERE m.program_id = $1 AND m.tier_id = $2
       AND EXISTS (SELECT 1 FROM webhook_endpoints e WHERE e.program_id = $1 AND 'tier.changed' = ANY (e.events))`,
    [programId, gone.id, gone.name, to?.id ?? null, to?.name ?? null, at.toISOString(), at],
  );
  // A threshold-0 tier cannot be lost, so it has no period; another keeps the one running.
  const lasting = !to || to.threshold === 0;
  await tx.query(
    `UPDATE members SET tier_id = $3,
       tier_counts_from = CASE WHEN $4 THEN NULL ELSE tier_counts_from END,
       tier_until = CASE WHEN $4 THEN NULL ELSE tier_until END
     WHERE program_id = $1 AND tier_id = $2`,
    [programId, gone.id, to?.id ?? null, lasting],
  );
}
