/**
 * Registers every element under its mc-* tag. The only module with that side effect: import
 * the classes from the package root to register them under names of your own. Safe to import
 * twice (or alongside another copy of the package): a tag already defined is left alone.
 */
import { McCheckIn } from './check-in/check-in.js';
import { McCoupons } from './coupons/coupons.js';
import { McLauncher } from './launcher/launcher.js';
import { McMemberCenter } from './member-center/member-center.js';
import { McPointsBalance } from './points-balance/points-balance.js';
import { McPointsHistory } from './points-history/points-history.js';
import { McProvider } from './provider/provider.js';
import { McReferralShare } from './referral-share/referral-share.js';
import { McRewardsBazaar } from './rewards-bazaar/rewards-bazaar.js';
import { McTierProgress } from './tier-progress/tier-progress.js';

const elements: Record<string, CustomElementConstructor> = {
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
};

for (const [tag, elementClass] of Object.entries(elements)) {
  if (!customElements.get(tag)) customElements.define(tag, elementClass);
}
