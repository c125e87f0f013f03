import type { ActionRuleSetting, Tier } from '@member-center/contract';
import type { Sql } from '../db/sql.js';

export interface ProgramRow {
  id: string;
  name: string;
  currency: string;
  locale: string;
  site_url: string | null;
  join_url: string | null;
  login_url: string | null;
  allowed_origins: string[];
  publishable_key: string;
  secret_key: string;
  points_per_unit: number;
  cash_points: number | null;
  cash_minor: number | null;
  tier_window_months: number;
  tier_basis: 'points' | 'spend' | 'orders';
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
  /** Lifecycle stage thresholds (migration 11; rules/segments.ts). */
  segment_new_days: number;
  segment_loyal_orders: number;
  segment_loyal_days: number;
  segment_at_risk_days: number;
  segment_churned_days: number;
  /** Points as cash (migration 15): null min points, none offered. */
  discount_min_points: number | null;
  discount_step: number;
  discount_max_points: number | null;
  discount_valid_minutes: number;
  discount_max_share_percent: number | null;
  /** Ways to earn by actions (migration 21; rules/actions.ts). */
  action_rules: ActionRule[];
  /** The points lottery's table version in force (migration 22; rules/lottery.ts); null: no lottery. */
  lottery_version?: number | null;
  /** A replaced key that keeps working until its `_until` (key rotation's overlap). */
  previous_secret_key?: string | null;
  previous_secret_key_until?: Date | null;
  previous_publishable_key?: string | null;
  previous_publishable_key_until?: Date | null;
}

/** An action rule as stored: the setting with its optional fields filled in. */
export type ActionRule = Required<Omit<ActionRuleSetting, 'translations'>> & { translations: Record<string, string> };

export interface TierRow {
  id: string;
  name: string;
  threshold: number;
  multiplier_percent: number;
  /** Days of membership the tier also needs (migration 19). */
  min_member_days: number;
  benefits: string[];
  /** By language tag: the name and benefits in that language. */
  translations: Record<string, { name?: string; benefits?: string[] }>;
}

export const programByPublishableKey = async (db: Sql, pk: string) =>
  (
    await db.query<ProgramRow>(
      `SELECT * FROM programs WHERE publishable_key = $1
       OR (previous_publishable_key = $1 AND previous_publishable_key_until > now())`,
      [pk],
    )
  )[0];

export const programBySecretKey = async (db: Sql, sk: string) =>
  (
    await db.query<ProgramRow>(
      `SELECT * FROM programs WHERE secret_key = $1 OR (previous_secret_key = $1 AND previous_secret_key_until > now())`,
      [sk],
    )
  )[0];

/** The program's tiers (not the removed ones), lowest first. */
export const tiersOf = (db: Sql, programId: string) =>
  db.query<TierRow>(
    `SELECT id, name, threshold, multiplier_percent, min_member_days, benefits, translations FROM tiers
     WHERE program_id = $1 AND removed_at IS NULL ORDER BY threshold`,
    [programId],
  );

export const tierView = (t: TierRow): Tier => ({
  id: t.id,
  name: t.name,
  threshold: t.threshold,
  multiplier: t.multiplier_percent / 100,
  minMemberDays: t.min_member_days,
  benefits: t.benefits,
  translations: t.translations,
});

/** The balance a member is shown: net of refund debt when the program lets it read below zero. */
export const shownBalance = (program: ProgramRow, balance: number, debt: number) =>
  program.allow_negative_balance ? balance - debt : balance;

/**
 * The tier that `progress` reaches: the highest threshold at or below it, among the tiers whose
 * `min_member_days` a member of `memberDays` whole days meets (every tier when omitted).
 */
export const tierFor = (tiers: TierRow[], progress: number, memberDays = Number.POSITIVE_INFINITY) =>
  tiers.findLast((t) => t.threshold <= progress && (t.min_member_days ?? 0) <= memberDays) ?? null;

/** Whole days from joining to `at` (a member of 29.9 days is 29 days old). */
export const memberDaysAt = (joinedAt: Date, at: Date) =>
  Math.max(0, Math.floor((at.getTime() - joinedAt.getTime()) / 86_400_000));

/** The tier a member holds: the stored one, else the threshold-0 tier everyone starts in. */
export const heldTier = (tiers: TierRow[], tierId: string | null) =>
  tiers.find((t) => t.id === tierId) ?? tiers.find((t) => t.threshold === 0) ?? null;

export const programById = async (db: Sql, id: string) =>
  (await db.query<ProgramRow>('SELECT * FROM programs WHERE id = $1', [id]))[0];
