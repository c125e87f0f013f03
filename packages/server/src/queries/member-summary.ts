import type { Me } from '@member-center/contract';
import type { Sql } from '../db/sql.js';
import { type ProgramRow, shownBalance } from '../kernel/programs.js';
import { DAY_MS, localDate } from '../kernel/time.js';
import type { MemberRow } from '../ledger/members.js';
import { tierStatusOf } from '../rules/tiers.js';
import { memberStage } from './segments.js';

export const referralUrl = (program: ProgramRow, code: string) => {
  const url = new URL(program.site_url ?? 'https://example.com/');
  url.searchParams.set('ref', code);
  return url.toString();
};

/** Points that expire within `days` after `now`, soonest first, one row per expiry moment. */
export async function expiringSoon(db: Sql, memberId: string, now: Date, days = 30) {
  const rows = await db.query<{ points: number; expires_at: Date }>(
    `SELECT sum(remaining)::bigint AS points, expires_at FROM point_lots
     WHERE member_id = $1 AND remaining > 0 AND expires_at > $2 AND expires_at <= $3
     GROUP BY expires_at ORDER BY expires_at`,
    [memberId, now, new Date(now.getTime() + days * DAY_MS)],
  );
  return rows.map((r) => ({ points: r.points, expiresAt: r.expires_at.toISOString() }));
}

/** Order points still in their return window, soonest first, one row per release moment. */
export async function pendingPoints(db: Sql, memberId: string, now: Date) {
  const rows = await db.query<{ points: number; available_at: Date }>(
    `SELECT sum(points)::bigint AS points, available_at FROM pending_points
     WHERE member_id = $1 AND released_at IS NULL AND available_at > $2
     GROUP BY available_at ORDER BY available_at`,
    [memberId, now],
  );
  return rows.map((r) => ({ points: r.points, availableAt: r.available_at.toISOString() }));
}

/** What `GET /v1/me` shows: checked in today, and the streak (alive until a day is missed). */
export async function checkInStatus(db: Sql, program: ProgramRow, memberId: string, now: Date) {
  if (program.check_in_points === null) return null;
  const today = localDate(now, program.time_zone);
  const [last] = await db.query<{ date: string; streak: number }>(
    `SELECT to_char(local_date, 'YYYY-MM-DD') AS date, streak FROM check_ins
     WHERE member_id = $1 AND local_date >= $2::date - 1 ORDER BY local_date DESC LIMIT 1`,
    [memberId, today],
  );
  return { today: last?.date === today, streak: last?.streak ?? 0 };
}

/** What a member (or the merchant) sees of a member: profile, points, tier, referral link. */
export async function memberSummary(db: Sql, program: ProgramRow, member: MemberRow, now: Date): Promise<Me> {
  const [tier, expiring, pending, checkIn, stage] = await Promise.all([
    tierStatusOf(db, program, member, now),
    expiringSoon(db, member.id, now),
    pendingPoints(db, member.id, now),
    checkInStatus(db, program, member.id, now),
    memberStage(db, member.id, now),
  ]);
  return {
    member: {
      customerId: member.customer_id,
      name: member.name,
      email: member.email,
      birthday: member.birthday,
      joinedAt: member.created_at.toISOString(),
    },
    points: {
      balance: shownBalance(program, member.balance, member.debt),
      lifetimeEarned: member.lifetime_earned,
      cashValue:
        program.cash_points && program.cash_minor
          ? {
              amount: Math.floor((member.balance * program.cash_minor) / program.cash_points),
              currency: program.currency,
            }
          : null,
      expiring,
      pending,
      pendingTotal: pending.reduce((sum, p) => sum + p.points, 0),
      debt: member.debt,
    },
    tier,
    referral: { code: member.referral_code, url: referralUrl(program, member.referral_code) },
    checkIn,
    stage,
  };
}
