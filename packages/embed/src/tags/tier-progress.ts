import { McTierProgress } from '@member-center/elements';
import { defineOnce } from './define.js';

export default () => defineOnce('mc-tier-progress', McTierProgress);
