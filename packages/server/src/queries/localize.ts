import type { DrawnPrize, LotteryDraw, Me, Program, Reward, RewardList, Tier } from '@member-center/contract';

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

export const localizedProgram = (program: Program, locale: string | undefined): Program =>
  locale
    ? {
        ...program,
        tiers: program.tiers.map((t) => localizedTier(t, locale)),
        ...(program.lottery && {
          lottery: { ...program.lottery, prizes: program.lottery.prizes.map((p) => localizedPrize(p, locale)) },
        }),
      }
    : program;

/** A lottery prize's label in the language asked for. */
export function localizedPrize<P extends DrawnPrize>(prize: P, locale: string | undefined): P {
  const t = translationFor(prize.translations, locale);
  return t?.label ? { ...prize, label: t.label } : prize;
}

/** The member summary's tiers (current and next) in the language asked for. */
export function localizedMe<M extends Pick<Me, 'tier'>>(me: M, locale: string | undefined): M {
  if (!locale) return me;
  const { current, next } = me.tier;
  return {
    ...me,
    tier: {
      ...me.tier,
      current: current && localizedTier(current, locale),
      next: next && localizedTier(next, locale),
    },
  };
}

/** A lottery draw's prize label in the language asked for. */
export const localizedDraw = (draw: LotteryDraw, locale: string | undefined): LotteryDraw =>
  locale ? { ...draw, prize: localizedPrize(draw.prize, locale) } : draw;
