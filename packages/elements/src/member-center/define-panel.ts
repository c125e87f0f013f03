/**
 * Registers `<mc-member-center>` and the elements its tabs show — not the launcher, not the
 * provider — leaving any tag already defined alone. `McLauncher.loadPanel` imports this module
 * lazily by default, so a page with only the launcher downloads the panel when it is wanted, and
 * nothing it never shows. Everything else registers through define.ts, the one module that
 * registers every element.
 */
import { McCheckIn } from '../check-in/check-in.js';
import { McCoupons } from '../coupons/coupons.js';
import { McPointsBalance } from '../points-balance/points-balance.js';
import { McPointsHistory } from '../points-history/points-history.js';
import { McReferralShare } from '../referral-share/referral-share.js';
import { McRewardsBazaar } from '../rewards-bazaar/rewards-bazaar.js';
import { McTierProgress } from '../tier-progress/tier-progress.js';
import { McMemberCenter } from './member-center.js';

const panel: Record<string, CustomElementConstructor> = {
  'mc-points-balance': McPointsBalance,
  'mc-tier-progress': McTierProgress,
  'mc-rewards-bazaar': McRewardsBazaar,
  'mc-referral-share': McReferralShare,
  'mc-points-history': McPointsHistory,
  'mc-coupons': McCoupons,
  'mc-check-in': McCheckIn,
  'mc-member-center': McMemberCenter,
};

for (const [tag, elementClass] of Object.entries(panel)) {
  if (!customElements.get(tag)) customElements.define(tag, elementClass);
}
