import { randomBytes } from 'node:crypto';
import type { Program, Tier, UpdateProgramBody } from '@member-center/contract';
import type { Sql } from '../db/database.js';
import { activeCampaigns } from './campaigns.js';
import { referralOffer, updateReferralRules } from './referrals.js';
import { updateSegmentRules } from './segments.js';
import { setTierWindow, tierWindowView } from './tiers.js';

export interface ProgramRow {
  id: string;
  name: string;
  currency: string;
  locale: string;
  site_url: string | null;
  allowed_origins: string[];
  publishable_key: string;
  secret_key: string;
  points_per_unit: number;
  cash_points: number | null;
  cash_minor: number | null;
  tier_window_months: number;
  tier_basis: 'points' | 'spend';
  tier_period: 'rolling_months' | 'calendar_year';
  referrer_points: number;
  referee_points: number;
  points_expire_months: number | null;
  return_window_days: number;
  allow_negative_balance: boolean;
  time_zone: string;
  birthday_points: number;
  check_in_points: number | null;
  check_in_bonus_day: number;
  check_in_bonus_points: number;
  referral_min_order: number;
  referral_weekly_limit: number | null;
  referral_ip_limit: number | null;
  referral_ip_window_minutes: number;
  expiry_notice_days: number;
}

export interface TierRow {
  id: string;
  name: string;
  threshold: number;
  multiplier_percent: number;
  benefits: string[];
}

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
  tiers?: { name: string; threshold: number; multiplierPercent?: number; benefits?: string[] }[];
}

const key = (prefix: string) => `${prefix}_${randomBytes(18).toString('base64url')}`;

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
      key('pk'),
      key('sk'),
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
      'INSERT INTO tiers (program_id, name, threshold, multiplier_percent, benefits) VALUES ($1, $2, $3, $4, $5)',
      [program!.id, tier.name, tier.threshold, tier.multiplierPercent ?? 100, tier.benefits ?? []],
    );
  }
  return p.tierWindow ? setTierWindow(db, program!.id, p.tierWindow) : program!;
}

export const programByPublishableKey = async (db: Sql, pk: string) =>
  (await db.query<ProgramRow>('SELECT * FROM programs WHERE publishable_key = $1', [pk]))[0];

export const programBySecretKey = async (db: Sql, sk: string) =>
  (await db.query<ProgramRow>('SELECT * FROM programs WHERE secret_key = $1', [sk]))[0];

/** The program's tiers, lowest first. */
export const tiersOf = (db: Sql, programId: string) =>
  db.query<TierRow>(
    'SELECT id, name, threshold, multiplier_percent, benefits FROM tiers WHERE program_id = $1 ORDER BY threshold',
    [programId],
  );

export const tierView = (t: TierRow): Tier => ({
  id: t.id,
  name: t.name,
  threshold: t.threshold,
  multiplier: t.multiplier_percent / 100,
  benefits: t.benefits,
});

/** The balance a member is shown: net of refund debt when the program lets it read below zero. */
export const shownBalance = (program: ProgramRow, balance: number, debt: number) =>
  program.allow_negative_balance ? balance - debt : balance;

// One formatter per time zone: building one costs far more than using it.
const wallClocks = new Map<string, Intl.DateTimeFormat>();

/** The wall clock at `at` in the IANA `timeZone`: year, month, day, hour (00–23), minute, second. */
export function wallClock(at: Date, timeZone: string) {
  let format = wallClocks.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    wallClocks.set(timeZone, format);
  }
  const parts: Record<string, string> = {};
  for (const part of format.formatToParts(at)) parts[part.type] = part.value;
  return parts;
}

/** The calendar date (YYYY-MM-DD) it is at `at` in the IANA `timeZone`. */
export function localDate(at: Date, timeZone: string) {
  const parts = wallClock(at, timeZone);
  return `${parts.year}-${parts.month}-${parts.day}`;
}

/** Digits after the decimal point of a currency's minor unit (2 for CNY, 0 for JPY). */
export const minorDigits = (currency: string) =>
  new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;

export async function programView(db: Sql, program: ProgramRow, now: Date): Promise<Program> {
  const [tiers, campaigns] = await Promise.all([tiersOf(db, program.id), activeCampaigns(db, program.id, now)]);
  const perUnit = program.points_per_unit;
  return {
    id: program.id,
    name: program.name,
    currency: program.currency,
    locale: program.locale,
    pointValue:
      program.cash_points && program.cash_minor
        ? { points: program.cash_points, value: { amount: program.cash_minor, currency: program.currency } }
        : null,
    tierWindow: tierWindowView(program),
    tiers: tiers.map(tierView),
    waysToEarn: [
      {
        kind: 'order',
        description: `Earn ${perUnit} ${perUnit === 1 ? 'point' : 'points'} for every 1 ${program.currency} you spend`,
        points: perUnit,
      },
      ...(program.check_in_points === null
        ? []
        : [
            {
              kind: 'check_in' as const,
              description:
                `Check in daily for ${program.check_in_points} points` +
                (program.check_in_bonus_points
                  ? `, ${program.check_in_bonus_points} more on day ${program.check_in_bonus_day} of a streak`
                  : ''),
              points: program.check_in_points,
            },
          ]),
      ...(program.birthday_points > 0
        ? [
            {
              kind: 'birthday' as const,
              description: `Get ${program.birthday_points} points in your birthday month`,
              points: program.birthday_points,
            },
          ]
        : []),
      ...(program.referrer_points > 0
        ? [
            {
              kind: 'referral' as const,
              description: `Invite a friend: ${program.referrer_points} points when their first order is complete`,
              points: program.referrer_points,
            },
          ]
        : []),
    ],
    referralOffer: referralOffer(program),
    pointsExpiry: program.points_expire_months === null ? null : { months: program.points_expire_months },
    returnWindowDays: program.return_window_days,
    allowNegativeBalance: program.allow_negative_balance,
    timeZone: program.time_zone,
    birthdayPoints: program.birthday_points,
    checkIn:
      program.check_in_points === null
        ? null
        : {
            points: program.check_in_points,
            bonusDay: program.check_in_bonus_day,
            bonusPoints: program.check_in_bonus_points,
          },
    campaigns,
    expiryNoticeDays: program.expiry_notice_days,
  };
}

/** Changes the rules the merchant sent; the others stay. Returns the updated program. */
export async function updateProgram(db: Sql, program: ProgramRow, changes: UpdateProgramBody) {
  // First: a 400 for thresholds that do not nest must leave the other rules unchanged too.
  await updateSegmentRules(db, program.id, changes.segments);
  await updateReferralRules(db, program.id, changes.referral);
  if (changes.tierWindow) await setTierWindow(db, program.id, changes.tierWindow);
  const [row] = await db.query<ProgramRow>(
    `UPDATE programs SET points_expire_months = CASE WHEN $2 THEN $3::integer ELSE points_expire_months END,
       return_window_days = coalesce($4::integer, return_window_days),
       allow_negative_balance = coalesce($5::boolean, allow_negative_balance),
       time_zone = coalesce($6::text, time_zone),
       birthday_points = coalesce($7::integer, birthday_points),
       check_in_points = CASE WHEN $8 THEN $9::integer ELSE check_in_points END,
       check_in_bonus_day = CASE WHEN $9::integer IS NOT NULL THEN $10::integer ELSE check_in_bonus_day END,
       check_in_bonus_points = CASE WHEN $9::integer IS NOT NULL THEN $11::integer ELSE check_in_bonus_points END,
       expiry_notice_days = coalesce($12::integer, expiry_notice_days)
     WHERE id = $1 RETURNING *`,
    [
      program.id,
      changes.pointsExpiryMonths !== undefined,
      changes.pointsExpiryMonths ?? null,
      changes.returnWindowDays ?? null,
      changes.allowNegativeBalance ?? null,
      changes.timeZone ?? null,
      changes.birthdayPoints ?? null,
      changes.checkIn !== undefined,
      changes.checkIn?.points ?? null,
      changes.checkIn?.bonusDay ?? 7,
      changes.checkIn?.bonusPoints ?? 0,
      changes.expiryNoticeDays ?? null,
    ],
  );
  return row!;
}
