import { McReferralShare } from '@member-center/elements';
import { defineOnce } from './define.js';

export default () => defineOnce('mc-referral-share', McReferralShare);
