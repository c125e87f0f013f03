import type { Database, Sql } from '../db/sql.js';
import type { ProgramRow } from '../kernel/programs.js';
import { clawBackLocked, expireDue, lockMember, type Posting, postLocked } from '../ledger/ledger.js';
import { findMemberById, type MemberRow } from '../ledger/members.js';
import { birthdayYear, claimBirthday } from '../rules/birthdays.js';
import { expireCoupons } from '../rules/coupons.js';
import { releaseDue } from '../rules/pending.js';
import { announceReward, refereeReward } from '../rules/referrals.js';
import { endTierPeriods, reviewTier } from '../rules/tiers.js';
import { refreshDueAt } from './due.js';

/**
 * Whether anything would change if the member were brought up to `now`, answered from the
 * member row alone: `next_due_at` (lowered by every write that creates work, set exactly by
 * the step below) and this year's birthday gift. A read that finds nothing due costs nothing.
 */
export function isDue(program: ProgramRow, member: MemberRow, now: Date) {
  if (member.next_due_at !== null && Number(member.next_due_at) <= now.getTime()) return true;
  const year = birthdayYear(program, member.birthday, now);
  return year !== null && (member.birthday_year ?? Number.NEGATIVE_INFINITY) < year;
}

export interface Advanced {
  /** Ledger entries written (tier entries and the birthday gift aside). */
  entries: number;
  birthday: boolean;
}

/**
 * THE step that brings a member up to `at`, in the caller's transaction (the caller holds the
 * member lock), always in this order: end the tier periods that have ended (at their own
 * instant, before anything written at `at`) → release pending order points → review the tier
 * (released points or a tier edit may lift it) → the referral the member was invited by (rewarding both
 * sides) → expire coupons (a points discount's held points come back, keeping their age) → expire
 * lots → this year's birthday gift; then next_due_at is set to the next moment
 * anything falls due. A new rule that acts on the passing of time goes in rules/ and is called
 * from here, and its due moment goes into member_due_at() (migration 12, coupons added in 15).
 */
export async function advanceLocked(tx: Sql, program: ProgramRow, member: MemberRow, at: Date): Promise<Advanced> {
  await endTierPeriods(tx, member.id, at);
  const released = await releaseDue(tx, program, member.id, at);
  // Released points may lift the tier, and so may a tier edit (a lower threshold, a new tier).
  if (released > 0 || member.tier_review_due) await reviewTier(tx, member.id, at);
  if (member.tier_review_due) await tx.query('UPDATE members SET tier_review_due = false WHERE id = $1', [member.id]);
  const rewarded = await rewardReferral(tx, program, member.id, at);
  const returned = await expireCoupons(tx, program, member.id, at);
  const expired = await expireDue(tx, program.id, member.id, at);
  const birthday = await giveBirthday(tx, program, member, at);
  await refreshDueAt(tx, member.id);
  return { entries: released + rewarded + returned + expired, birthday };
}

/** The referee side of a referral, and the referrer's reward with it. Returns the entries written. */
async function rewardReferral(tx: Sql, program: ProgramRow, refereeId: string, at: Date) {
  const reward = await refereeReward(tx, program, refereeId, at);
  if (!reward) return 0;
  // Lots that expired by `at` go before any credit at `at`, as for every posting.
  await expireDue(tx, program.id, refereeId, at);
  let entries = 0;
  const posting = { programId: program.id, type: 'referral' as const, at, earnedAt: reward.due };
  if (reward.refereePoints > 0) {
    const description = `Referral welcome reward: your first order with code ${reward.code}`;
    await postLocked(
      tx,
      { ...posting, memberId: refereeId, points: reward.refereePoints, description },
      program.points_expire_months,
    );
    entries++;
  }
  if (reward.referrerPoints > 0) {
    // Locks the referrer after the referee: referrals form a forest, so this order never cycles.
    const description = 'Referral reward: a friend you invited placed their first order';
    await post(tx, program, { ...posting, memberId: reward.referrerId, points: reward.referrerPoints, description });
    entries++;
  }
  await announceReward(tx, program.id, reward, at);
  return entries;
}

async function giveBirthday(tx: Sql, program: ProgramRow, member: MemberRow, at: Date) {
  const year = birthdayYear(program, member.birthday, at);
  if (year === null || (member.birthday_year ?? Number.NEGATIVE_INFINITY) >= year) return false;
  if (!(await claimBirthday(tx, program, member.id, year, at))) return false;
  const gift = { type: 'birthday' as const, points: program.birthday_points, description: `Birthday gift ${year}` };
  await postLocked(tx, { programId: program.id, memberId: member.id, at, ...gift }, program.points_expire_months);
  return true;
}

/**
 * Locks the member and, only when something is due (decided from the locked row), brings them
 * up to `at`. Returns the member as it stands now, and what the step did.
 */
export async function lockAndAdvance(tx: Sql, program: ProgramRow, memberId: string, at: Date) {
  const locked = await lockMember(tx, memberId);
  if (!isDue(program, locked, at)) return { member: locked, advanced: null };
  const advanced = await advanceLocked(tx, program, locked, at);
  return { member: (await findMemberById(tx, memberId))!, advanced };
}

/** For a caller that has locked the member itself: the step if due; the member as it stands now. */
export async function advanceIfDue(tx: Sql, program: ProgramRow, locked: MemberRow, at: Date) {
  if (!isDue(program, locked, at)) return locked;
  await advanceLocked(tx, program, locked, at);
  return (await findMemberById(tx, locked.id))!;
}

/**
 * Posts one ledger entry in the caller's transaction: the member is locked (racing postings
 * queue behind it) and brought up to `p.at` first, so expired points are written off before
 * anything else moves.
 */
export async function post(tx: Sql, program: ProgramRow, p: Posting) {
  await lockAndAdvance(tx, program, p.memberId, p.at);
  return postLocked(tx, p, program.points_expire_months);
}

/** Takes back points as `clawBackLocked` does, after locking and bringing the member up to `p.at`. */
export async function clawBack(tx: Sql, program: ProgramRow, p: Omit<Posting, 'points'>, points: number) {
  await lockAndAdvance(tx, program, p.memberId, p.at);
  return clawBackLocked(tx, p, points);
}

/**
 * Brings one member up to `now` in transactions of their own: first the referees whose
 * referral may reward this member, each alone (a referee is always locked before its
 * referrer, never while the referrer is held), then the member.
 */
export async function advanceAlone(db: Database, program: ProgramRow, memberId: string, now: Date) {
  const referees = await db.query<{ id: string }>(
    `SELECT e.id FROM referrals r JOIN members e ON e.id = r.referee_id
     WHERE r.referrer_id = $1 AND r.status = 'pending' AND e.next_due_at <= $2`,
    [memberId, now],
  );
  for (const referee of referees) await db.transaction((tx) => lockAndAdvance(tx, program, referee.id, now));
  return db.transaction((tx) => lockAndAdvance(tx, program, memberId, now));
}

/**
 * The lazy path, before a member is shown or acts: nothing at all when the row says nothing
 * is due (no query), else advanceAlone(). Returns the member as it stands after.
 */
export async function advanceMember(db: Database, program: ProgramRow, member: MemberRow, now: Date) {
  if (!isDue(program, member, now)) return member;
  return (await advanceAlone(db, program, member.id, now)).member;
}
