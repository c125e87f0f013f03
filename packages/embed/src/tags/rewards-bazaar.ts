import { McRewardsBazaar } from '@member-center/elements';
import { defineOnce } from './define.js';

export default () => defineOnce('mc-rewards-bazaar', McRewardsBazaar);
