import { McPointsBalance } from '@member-center/elements';
import { defineOnce } from './define.js';

export default () => defineOnce('mc-points-balance', McPointsBalance);
