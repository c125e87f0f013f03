import { createHash, randomInt } from 'node:crypto';
import type { Sql } from '../db/sql.js';
import { DomainError } from '../kernel/errors.js';

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
  /** The stored tier (null: the threshold-0 tier), its period's progress start and end; see tiers.ts. */
  tier_id: string | null;
  tier_counts_from: Date | null;
  tier_until: Date | null;
  /**
   * No member-state work (expiry, release, tier period end, referral reward) falls due before
   * this instant; null: none ever. Every write that creates such work lowers it, and
   * advanceMember() sets it exactly (member-state/advance.ts).
   */
  next_due_at: Date | null;
  /** The last year whose birthday gift was given; null: never. */
  birthday_year: number | null;
  /** A tier edit may have lifted this member: the member-state step reviews their tier. */
  tier_review_due: boolean;
}

export interface Profile {
  name?: string | null;
  email?: string | null;
  birthday?: string | null;
}

export const MEMBER_COLUMNS = `id, program_id, customer_id, name, email, to_char(birthday, 'YYYY-MM-DD') AS birthday,
  balance, lifetime_earned, debt, referral_code, created_at, tier_id, tier_counts_from, tier_until, next_due_at,
  birthday_year, tier_review_due`;

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
  if (existing && !profileChanges(existing, profile)) return existing;
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

/** Whether `p` changes anything of the stored profile. */
export const profileChanges = (m: MemberRow, p: Profile) =>
  (p.name !== undefined && p.name !== m.name) ||
  (p.email !== undefined && p.email !== m.email) ||
  (p.birthday !== undefined && p.birthday !== m.birthday);

/**
 * Something falls due for the member at `at` (a lot's expiry, a release, a tier period's end):
 * moves `next_due_at` down to it, in the caller's transaction.
 */
export const lowerDueAt = (tx: Sql, memberId: string, at: Date) =>
  tx.query('UPDATE members SET next_due_at = least(next_due_at, $2) WHERE id = $1', [memberId, at]);

/** How an erased customer id is remembered (erased_customers): a SHA-256 of program and id, never the id. */
export const customerHash = (programId: string, customerId: string) =>
  createHash('sha256').update(`${programId}:${customerId}`).digest('base64url');

/** When the member this customer id named was erased, and before when tokens are refused; undefined: never. */
export const erasure = async (db: Sql, programId: string, customerId: string) =>
  (
    await db.query<{ erased_at: Date; tokens_before: Date }>(
      'SELECT erased_at, tokens_before FROM erased_customers WHERE program_id = $1 AND customer_hash = $2',
      [programId, customerHash(programId, customerId)],
    )
  )[0];

/**
 * The member a token names (issued at `issuedAt`, seconds), enrolled on first sight like
 * ensureMember, except that a token issued before its member was erased is refused (401): it
 * must not bring the erased customer back. A token signed after the erasure enrols anew.
 */
export async function tokenMemberRow(
  db: Sql,
  programId: string,
  customerId: string,
  profile: Profile,
  issuedAt: number,
) {
  const existing = await findMember(db, programId, customerId);
  if (existing && !profileChanges(existing, profile)) return existing;
  if (!existing) {
    const erased = await erasure(db, programId, customerId);
    if (erased && erased.tokens_before.getTime() >= issuedAt * 1000) {
      throw new DomainError(
        401,
        'unauthenticated',
        "This member's data was erased: tokens issued before that are refused.",
      );
    }
  }
  return ensureMember(db, programId, customerId, profile);
}
