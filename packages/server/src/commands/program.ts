import { randomBytes } from 'node:crypto';
import type { UpdateProgramBody } from '@member-center/contract';
import type { Sql } from '../db/sql.js';
import { invalidRequest } from '../kernel/errors.js';
import type { ProgramRow } from '../kernel/programs.js';
import { setActionRules } from '../rules/actions.js';
import { updateDiscountRule } from '../rules/discounts.js';
import { setLottery } from '../rules/lottery.js';
import { updateReferralRules } from '../rules/referrals.js';
import { updateSegmentRules } from '../rules/segments.js';
import { setTierLadder, setTierWindow } from '../rules/tiers.js';

export interface NewProgram {
  name: string;
  currency?: string;
  locale?: string;
  siteUrl?: string;
  allowedOrigins?: string[];
  pointsPerUnit?: number;
  /** Points as cash: this many points… */
  cashPoints?: number;
  /** …are worth this many minor units. */
  cashMinor?: number;
  referrerPoints?: number;
  refereePoints?: number;
  /** Earned points expire after this many months; null or absent: never. */
  pointsExpiryMonths?: number | null;
  /** Days an order's points stay pending; default 0. */
  returnWindowDays?: number;
  /** Show the balance net of refund debt (may be negative); default false. */
  allowNegativeBalance?: boolean;
  /** IANA time zone of the program's days and months; default Asia/Shanghai. */
  timeZone?: string;
  /** Points once a year in the birthday month; default 0, none. */
  birthdayPoints?: number;
  /** Daily check-in points and the streak bonus; absent or null: no check-ins. */
  checkIn?: { points: number; bonusDay?: number; bonusPoints?: number } | null;
  /** Days before points expire that the points.expiring webhook goes out; default 7. */
  expiryNoticeDays?: number;
  /** How tiers qualify (as in PATCH /v1/program); default purchase points over a rolling 12 months. */
  tierWindow?: UpdateProgramBody['tierWindow'];
  /** Ways to earn by actions (as in PATCH /v1/program {actions}); default none. */
  actions?: UpdateProgramBody['actions'];
  tiers?: {
    name: string;
    threshold: number;
    multiplierPercent?: number;
    minMemberDays?: number;
    benefits?: string[];
    translations?: Record<string, { name?: string; benefits?: string[] }>;
  }[];
}

/** A new key: `pk_…` or `sk_…` and 144 random bits. */
export const newKey = (prefix: string) => `${prefix}_${randomBytes(18).toString('base64url')}`;

export async function createProgram(db: Sql, p: NewProgram) {
  const [program] = await db.query<ProgramRow>(
    `INSERT INTO programs (name, currency, locale, site_url, allowed_origins, publishable_key, secret_key,
       points_per_unit, cash_points, cash_minor, referrer_points, referee_points, points_expire_months, return_window_days,
       allow_negative_balance, time_zone, birthday_points, check_in_points, check_in_bonus_day, check_in_bonus_points,
       expiry_notice_days)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21)
     RETURNING *`,
    [
      p.name,
      p.currency ?? 'CNY',
      p.locale ?? 'en',
      p.siteUrl ?? p.allowedOrigins?.[0] ?? null,
      p.allowedOrigins ?? [],
      newKey('pk'),
      newKey('sk'),
      p.pointsPerUnit ?? 1,
      p.cashPoints ?? null,
      p.cashMinor ?? null,
      p.referrerPoints ?? 0,
      p.refereePoints ?? 0,
      p.pointsExpiryMonths ?? null,
      p.returnWindowDays ?? 0,
      p.allowNegativeBalance ?? false,
      p.timeZone ?? 'Asia/Shanghai',
      p.birthdayPoints ?? 0,
      p.checkIn?.points ?? null,
      p.checkIn?.bonusDay ?? 7,
      p.checkIn?.bonusPoints ?? 0,
      p.expiryNoticeDays ?? 7,
    ],
  );
  for (const tier of p.tiers ?? []) {
    await db.query(
      `INSERT INTO tiers (program_id, name, threshold, multiplier_percent, benefits, translations, min_member_days)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7)`,
      [
        program!.id,
        tier.name,
        tier.threshold,
        tier.multiplierPercent ?? 100,
        tier.benefits ?? [],
        JSON.stringify(tier.translations ?? {}),
        tier.minMemberDays ?? 0,
      ],
    );
  }
  if (p.actions) await setActionRules(db, program!.id, p.actions);
  if (p.tierWindow) return setTierWindow(db, program!.id, p.tierWindow);
  return p.actions ? (await db.query<ProgramRow>('SELECT * FROM programs WHERE id = $1', [program!.id]))[0]! : program!;
}

/**
 * Changes the settings and rules the merchant sent; the others stay. Returns the updated program.
 * Run in one transaction: a refusal of any part (a 400) leaves everything as it was.
 */
export async function updateProgram(db: Sql, program: ProgramRow, changes: UpdateProgramBody, at = new Date()) {
  // One change to a program at a time: the tier ladder is read and rewritten under this lock.
  await db.query('SELECT 1 FROM programs WHERE id = $1 FOR UPDATE', [program.id]);
  if (changes.pointValue && changes.pointValue.value.currency !== program.currency) {
    throw invalidRequest(`pointValue.value is in ${program.currency}, the program's currency.`, {
      issues: [{ path: 'body.pointValue.value.currency', message: `must be ${program.currency}`, code: 'custom' }],
    });
  }
  // First: a 400 for thresholds that do not nest must leave the other rules unchanged too.
  await updateSegmentRules(db, program.id, changes.segments);
  await updateReferralRules(db, program.id, changes.referral);
  await updateDiscountRule(db, program.id, changes.pointsDiscount);
  await setActionRules(db, program.id, changes.actions);
  if (changes.tierWindow) await setTierWindow(db, program.id, changes.tierWindow);
  if (changes.tiers) await setTierLadder(db, program.id, changes.tiers, at);
  // A new return window moves when pending referrals come due: their members are due now, and
  // the member-state step computes the new moment.
  if (changes.returnWindowDays !== undefined) {
    await db.query(
      `UPDATE members SET next_due_at = timestamptz 'epoch' WHERE id IN (
         SELECT unnest(ARRAY[referee_id, referrer_id]) FROM referrals WHERE program_id = $1 AND status = 'pending')`,
      [program.id],
    );
  }
  const has = (field: keyof UpdateProgramBody) => changes[field] !== undefined;
  const [row] = await db.query<ProgramRow>(
    `UPDATE programs SET points_expire_months = CASE WHEN $2 THEN $3::integer ELSE points_expire_months END,
       return_window_days = coalesce($4::integer, return_window_days),
       allow_negative_balance = coalesce($5::boolean, allow_negative_balance),
       time_zone = coalesce($6::text, time_zone),
       birthday_points = coalesce($7::integer, birthday_points),
       check_in_points = CASE WHEN $8 THEN $9::integer ELSE check_in_points END,
       check_in_bonus_day = CASE WHEN $9::integer IS NOT NULL THEN $10::integer ELSE check_in_bonus_day END,
       check_in_bonus_points = CASE WHEN $9::integer IS NOT NULL THEN $11::integer ELSE check_in_bonus_points END,
       expiry_notice_days = coalesce($12::integer, expiry_notice_days),
       name = coalesce($13::text, name),
       locale = coalesce($14::text, locale),
       points_per_unit = coalesce($15::integer, points_per_unit),
       allowed_origins = coalesce($16::text[], allowed_origins),
       site_url = CASE WHEN $17 THEN $18::text ELSE site_url END,
       join_url = CASE WHEN $19 THEN $20::text ELSE join_url END,
       login_url = CASE WHEN $21 THEN $22::text ELSE login_url END,
       cash_points = CASE WHEN $23 THEN $24::integer ELSE cash_points END,
       cash_minor = CASE WHEN $23 THEN $25::integer ELSE cash_minor END
     WHERE id = $1 RETURNING *`,
    [
      program.id,
      has('pointsExpiryMonths'),
      changes.pointsExpiryMonths ?? null,
      changes.returnWindowDays ?? null,
      changes.allowNegativeBalance ?? null,
      changes.timeZone ?? null,
      changes.birthdayPoints ?? null,
      has('checkIn'),
      changes.checkIn?.points ?? null,
      changes.checkIn?.bonusDay ?? 7,
      changes.checkIn?.bonusPoints ?? 0,
      changes.expiryNoticeDays ?? null,
      changes.name ?? null,
      changes.locale ?? null,
      changes.pointsPerUnit ?? null,
      changes.allowedOrigins ?? null,
      has('siteUrl'),
      changes.siteUrl ?? null,
      has('joinUrl'),
      changes.joinUrl ?? null,
      has('loginUrl'),
      changes.loginUrl ?? null,
      has('pointValue'),
      changes.pointValue?.points ?? null,
      changes.pointValue?.value.amount ?? null,
    ],
  );
  // Last: it waits for draws in flight on the lottery, and touches nothing else after.
  if (changes.lottery !== undefined) {
    return { ...row!, lottery_version: await setLottery(db, program.id, changes.lottery, at) };
  }
  return row!;
}
