import { McMemberCenter } from '@member-center/elements';
import checkIn from './check-in.js';
import coupons from './coupons.js';
import { defineOnce } from './define.js';
import pointsBalance from './points-balance.js';
import pointsHistory from './points-history.js';
import referralShare from './referral-share.js';
import rewardsBazaar from './rewards-bazaar.js';
import tierProgress from './tier-progress.js';

/**
 * The panel and every element its tabs show. It reuses the tags' own chunks (rather than importing
 * the elements), so each element's code sits in one chunk with its tag: no extra tiny chunk per tag.
 */
export default () => {
  for (const define of [pointsBalance, tierProgress, checkIn, rewardsBazaar, referralShare, pointsHistory, coupons]) {
    define();
  }
  defineOnce('mc-member-center', McMemberCenter);
};
