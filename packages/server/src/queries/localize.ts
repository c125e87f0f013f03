import type {
  ActionWay,
  DrawnPrize,
  LotteryDraw,
  Me,
  Program,
  ReferralOffer,
  Reward,
  RewardList,
  Tier,
} from '@member-center/contract';
import { formatMoney } from '../kernel/money.js';
import type { ProgramRow } from '../kernel/programs.js';
import { withTierMessages } from '../rules/tiers.js';

/**
 * Texts in the language a page asks for (`?locale=`): a reward's or a tier's translation for
 * that exact tag, else for the same language (zh-TW finds zh-CN), else the program's own texts.
 * The translations stay in the answer, so an element can switch language without a request.
 */
export function translationFor<T>(translations: Record<string, T> | undefined, locale: string | undefined) {
  if (!locale || !translations) return undefined;
  const wanted = locale.toLowerCase();
  const tags = Object.keys(translations);
  const tag =
    tags.find((t) => t.toLowerCase() === wanted) ??
    tags.find((t) => t.toLowerCase().split('-')[0] === wanted.split('-')[0]);
  return tag === undefined ? undefined : translations[tag];
}

export function localizedTier(tier: Tier, locale: string | undefined): Tier {
  const t = translationFor(tier.translations, locale);
  return t ? { ...tier, name: t.name ?? tier.name, benefits: t.benefits ?? tier.benefits } : tier;
}

export function localizedReward<R extends Reward>(reward: R, locale: string | undefined): R {
  const t = translationFor(reward.translations, locale);
  return t ? { ...reward, name: t.name ?? reward.name, description: t.description ?? reward.description } : reward;
}

export const localizedRewards = (list: RewardList, locale: string | undefined): RewardList =>
  locale ? { ...list, items: list.items.map((r) => localizedReward(r, locale)) } : list;

/**
 * The referral offer in Chinese for a page in Chinese: the points of both sides and, as in
 * English, the first order's minimum and the return window, so a guest reads the same rule.
 */
function chineseOffer(offer: ReferralOffer, returnWindowDays: number | undefined): ReferralOffer {
  const min = offer.minOrder?.amount ? formatMoney(offer.minOrder.amount, offer.minOrder.currency, 'zh-CN') : '';
  const order = min ? `首单满 ${min} ` : '首单';
  const kept = returnWindowDays ? `（${returnWindowDays} 天退货期过后）` : '';
  return {
    ...offer,
    description: `好友${order}完成后${kept}，好友得 ${offer.refereePoints} 积分，您得 ${offer.referrerPoints} 积分`,
  };
}

export const localizedProgram = (program: Program, locale: string | undefined): Program =>
  locale
    ? {
        ...program,
        tiers: program.tiers.map((t) => localizedTier(t, locale)),
        ...(program.referralOffer &&
          locale.toLowerCase().split('-')[0] === 'zh' && {
            referralOffer: chineseOffer(program.referralOffer, program.returnWindowDays),
          }),
        ...(program.actions && { actions: program.actions.map((a) => localizedAction(a, locale)) }),
        ...(program.lottery && {
          lottery: { ...program.lottery, prizes: program.lottery.prizes.map((p) => localizedPrize(p, locale)) },
        }),
      }
    : program;

/** An action's label in the language asked for, else the program's. */
export function localizedAction<A extends ActionWay>(action: A, locale: string | undefined): A {
  const label = translationFor(action.translations, locale);
  return label ? { ...action, label } : action;
}

/**
 * The member summary's tiers (current and next) in the language asked for; with `program`,
 * the tier messages too (written again in that language, with the localized names).
 */
export function localizedMe<M extends Pick<Me, 'tier'>>(
  me: M,
  locale: string | undefined,
  program?: Pick<ProgramRow, 'currency' | 'time_zone' | 'tier_basis'>,
): M {
  if (!locale) return me;
  const { current, next } = me.tier;
  const tier = {
    ...me.tier,
    current: current && localizedTier(current, locale),
    next: next && localizedTier(next, locale),
  };
  return { ...me, tier: program ? withTierMessages(tier, program, locale) : tier };
}

/** A lottery prize's label in the language asked for. */
export function localizedPrize<P extends DrawnPrize>(prize: P, locale: string | undefined): P {
  const t = translationFor(prize.translations, locale);
  return t?.label ? { ...prize, label: t.label } : prize;
}

/** A lottery draw's prize label in the language asked for. */
export const localizedDraw = (draw: LotteryDraw, locale: string | undefined): LotteryDraw =>
  locale ? { ...draw, prize: localizedPrize(draw.prize, locale) } : draw;
