import { randomInt } from 'node:crypto';
import type { Me, TierStatus } from '@member-center/contract';
import type { Sql } from '../db/database.js';
import { checkInStatus } from './check-ins.js';
import { expiringSoon, pendingPoints } from './expiry.js';
import { type ProgramRow, shownBalance, type TierRow, tiersOf, tierView } from './programs.js';

export interface MemberRow {
  id: string;
  program_id: string;
  customer_id: string;
  name: string | null;
  email: string | null;
  birthday: string | null;
  balance: number;
  lifetime_earned: number;
  debt: number;
  referral_code: string;
  created_at: Date;
}

export interface Profile {
  name?: string | null;
  email?: string | null;
  birthday?: string | null;
}

const MEMBER_COLUMNS = `id, program_id, customer_id, name, email, to_char(birthday, 'YYYY-MM-DD') AS birthday,
  balance, lifetime_earned, debt, referral_code, created_at`;

// No 0/O or 1/I/L: codes are read aloud and typed from screenshots.
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const randomCode = (length: number) =>
  Array.from({ length }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('');

export const findMember = async (db: Sql, programId: string, customerId: string) =>
  (
    await db.query<MemberRow>(`SELECT ${MEMBER_COLUMNS} FROM members WHERE program_id = $1 AND customer_id = $2`, [
      programId,
      customerId,
    ])
  )[0];

export const findMemberById = async (db: Sql, id: string) =>
  (await db.query<MemberRow>(`SELECT ${MEMBER_COLUMNS} FROM members WHERE id = $1`, [id]))[0];

/**
 * The member with this customer id, enrolled on first sight. Profile fields that are given
 * (not undefined) are stored; `null` clears one.
 */
export async function ensureMember(db: Sql, programId: string, customerId: string, profile: Profile = {}) {
  const existing = await findMember(db, programId, customerId);
  if (existing && !changes(existing, profile)) return existing;
  for (let attempt = 0; ; attempt++) {
    try {
      const [row] = await db.query<MemberRow>(
        `INSERT INTO members (program_id, customer_id, name, email, birthday, referral_code)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (program_id, customer_id) DO UPDATE SET
           name = CASE WHEN $7 THEN EXCLUDED.name ELSE members.name END,
           email = CASE WHEN $8 THEN EXCLUDED.email ELSE members.email END,
           birthday = CASE WHEN $9 THEN EXCLUDED.birthday ELSE members.birthday END
         RETURNING ${MEMBER_COLUMNS}`,
        [
          programId,
          customerId,
          profile.name ?? null,
          profile.email ?? null,
          profile.birthday ?? null,
          randomCode(8),
          profile.name !== undefined,
          profile.email !== undefined,
          profile.birthday !== undefined,
        ],
      );
      return row!;
    } catch (error) {
      // A referral code collision (1 in 31^8 per member): draw another.
      if ((error as { code?: string }).code === '23505' && attempt < 5) continue;
      throw error;
    }
  }
}

const changes = (m: MemberRow, p: Profile) =>
  (p.name !== undefined && p.name !== m.name) ||
  (p.email !== undefined && p.email !== m.email) ||
  (p.birthday !== undefined && p.birthday !== m.birthday);

/**
 * Points earned from purchases in the program's rolling window: what tiers qualify on. A
 * refund's clawback counts against its order for as long as the order's points count.
 */
export async function qualifyingPoints(db: Sql, program: ProgramRow, memberId: string, now = new Date()) {
  const [row] = await db.query<{ points: number }>(
    `SELECT (coalesce((SELECT sum(points) FROM ledger_entries
                       WHERE member_id = $1 AND qualifying AND created_at > $3::timestamptz - make_interval(months => $2)), 0)
           - coalesce((SELECT sum(points) FROM refunds
                       WHERE member_id = $1 AND counted_at > $3::timestamptz - make_interval(months => $2)), 0))::bigint
           AS points`,
    [memberId, program.tier_window_months, now],
  );
  return row!.points;
}

/** The tier that `points` reaches: the highest threshold at or below it. */
export const tierFor = (tiers: TierRow[], points: number) => tiers.findLast((t) => t.threshold <= points) ?? null;

export function tierStatus(tiers: TierRow[], points: number): TierStatus {
  const current = tierFor(tiers, points);
  const next = tiers.find((t) => t.threshold > points) ?? null;
  const floor = current?.threshold ?? 0;
  return {
    current: current && tierView(current),
    next: next && tierView(next),
    progress: {
      qualifyingPoints: points,
      remaining: next ? next.threshold - points : null,
      ratio: next ? Math.min(1, Math.max(0, (points - floor) / (next.threshold - floor))) : 1,
    },
  };
}

export const referralUrl = (program: ProgramRow, code: string) => {
  const url = new URL(program.site_url ?? 'https://example.com/');
  url.searchParams.set('ref', code);
  return url.toString();
};

/** What a member (or the merchant) sees of a member: profile, points, tier, referral link. */
export async function memberSummary(db: Sql, program: ProgramRow, member: MemberRow, now: Date): Promise<Me> {
  const [tiers, points, expiring, pending, checkIn] = await Promise.all([
    tiersOf(db, program.id),
    qualifyingPoints(db, program, member.id, now),
    expiringSoon(db, member.id, now),
    pendingPoints(db, member.id, now),
    checkInStatus(db, program, member.id, now),
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
    tier: tierStatus(tiers, points),
    referral: { code: member.referral_code, url: referralUrl(program, member.referral_code) },
    checkIn,
  };
}
