import {
  McCoupons,
  McMemberCenter,
  McPointsBalance,
  McPointsHistory,
  McReferralShare,
  McRewardsBazaar,
  McTierProgress,
} from '@member-center/elements';
import { defineOnce } from './define.js';

/** The panel and every element its tabs show. */
export default () => {
  defineOnce('mc-points-balance', McPointsBalance);
  defineOnce('mc-tier-progress', McTierProgress);
  defineOnce('mc-rewards-bazaar', McRewardsBazaar);
  defineOnce('mc-referral-share', McReferralShare);
  defineOnce('mc-points-history', McPointsHistory);
  defineOnce('mc-coupons', McCoupons);
  defineOnce('mc-member-center', McMemberCenter);
};
