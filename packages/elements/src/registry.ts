/**
 * Every mc-* tag and its class: the one list. `defineTags()` registers them (define.ts all of
 * them, the panel its subset); the embed's tag chunks are checked against `McTag`. Importing this
 * module defines nothing.
 */
import { McCheckIn } from './check-in/check-in.js';
import { McCoupons } from './coupons/coupons.js';
import { McLauncher } from './launcher/launcher.js';
import { McLottery } from './lottery/lottery.js';
import { McMemberCenter } from './member-center/member-center.js';
import { McPointsBalance } from './points-balance/points-balance.js';
import { McPointsDiscount } from './points-discount/points-discount.js';
import { McPointsHistory } from './points-history/points-history.js';
import { McProvider } from './provider/provider.js';
import { McReferralShare } from './referral-share/referral-share.js';
import { McRewardsBazaar } from './rewards-bazaar/rewards-bazaar.js';
import { McTierProgress } from './tier-progress/tier-progress.js';

/** In the order they are defined: the provider first, so the elements inside it find their client. */
export const ELEMENTS = {
  'mc-provider': McProvider,
  'mc-points-balance': McPointsBalance,
  'mc-tier-progress': McTierProgress,
  'mc-rewards-bazaar': McRewardsBazaar,
  'mc-referral-share': McReferralShare,
  'mc-points-history': McPointsHistory,
  'mc-coupons': McCoupons,
  'mc-check-in': McCheckIn,
  'mc-member-center': McMemberCenter,
  'mc-launcher': McLauncher,
  // For a cart or checkout page, not a tab of the member center.
  'mc-points-discount': McPointsDiscount,
  // For a merchant's own page (an engagement page), not a tab of the member center.
  'mc-lottery': McLottery,
} as const satisfies Record<`mc-${string}`, CustomElementConstructor>;

export type McTag = keyof typeof ELEMENTS;

/** The member center and the elements its tabs show: not the launcher, not the provider. */
export const PANEL_TAGS = [
  'mc-points-balance',
  'mc-tier-progress',
  'mc-rewards-bazaar',
  'mc-referral-share',
  'mc-points-history',
  'mc-coupons',
  'mc-check-in',
  'mc-member-center',
] as const satisfies readonly McTag[];

/** Registers `tags` (all by default), leaving any tag already defined (another copy, an app) alone. */
export function defineTags(tags: readonly McTag[] = Object.keys(ELEMENTS) as McTag[]): void {
  for (const tag of tags) if (!customElements.get(tag)) customElements.define(tag, ELEMENTS[tag]);
}
