import type { ActiveCampaign, Lottery, Program, ReferralOffer } from '@member-center/contract';
import type { Sql } from '../db/sql.js';
import { formatMoney } from '../kernel/money.js';
import { type ProgramRow, type TierRow, tiersOf, tierView } from '../kernel/programs.js';
import { actionWay } from '../rules/actions.js';
import { activeCampaigns } from '../rules/campaigns.js';
import { discountRule } from '../rules/discounts.js';
import { lotteryOf, lotteryView } from '../rules/lottery.js';
import { tierWindowView } from '../rules/tiers.js';

export async function programView(db: Sql, program: ProgramRow, now: Date): Promise<Program> {
  const [tiers, campaigns] = await Promise.all([tiersOf(db, program.id), activeCampaigns(db, program.id, now)]);
  return programViewOf(program, tiers, campaigns, await publishedLottery(db, program, now));
}

/** The lottery with its odds now (its stock is read each time); null, without a query, when the program has none. */
export async function publishedLottery(db: Sql, program: ProgramRow, now: Date): Promise<Lottery | null> {
  if (program.lottery_version == null) return null;
  const lottery = await lotteryOf(db, program.id);
  return lottery && lotteryView(lottery, now);
}

/** `GET /v1/program` from what it shows: the program, its tiers and its running campaigns. */
export function programViewOf(
  program: ProgramRow,
  tiers: TierRow[],
  campaigns: ActiveCampaign[],
  lottery: Lottery | null = null,
): Program {
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
              // The same minimum as the referral offer says: a shopper reads both on one page.
              description: `Invite a friend: ${program.referrer_points} points when their ${firstOrder(program)} is complete`,
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
    pointsPerUnit: program.points_per_unit,
    siteUrl: program.site_url,
    joinUrl: program.join_url,
    loginUrl: program.login_url,
    allowedOrigins: program.allowed_origins,
    pointsDiscount: discountRule(program),
    actions: program.action_rules.map(actionWay),
    lottery,
  };
}

/** The referee's first order that counts, in words: "first order of ¥50.00 or more". */
function firstOrder(program: ProgramRow) {
  const min = program.referral_min_order;
  return min > 0 ? `first order of ${formatMoney(min, program.currency)} or more` : 'first order';
}

/** What `GET /v1/program` shows of referrals; null when neither side gets points. */
export function referralOffer(program: ProgramRow): ReferralOffer | null {
  if (!program.referrer_points && !program.referee_points) return null;
  const order = firstOrder(program);
  const kept = program.return_window_days > 0 ? ` (after its ${program.return_window_days}-day return window)` : '';
  return {
    referrerPoints: program.referrer_points,
    refereePoints: program.referee_points,
    description: `Give a friend ${program.referee_points} points and get ${program.referrer_points} when their ${order} is complete${kept}`,
    minOrder: { amount: program.referral_min_order, currency: program.currency },
  };
}
