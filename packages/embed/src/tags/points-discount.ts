import { McPointsDiscount } from '@member-center/elements';
import { defineOnce } from './define.js';

export default () => defineOnce('mc-points-discount', McPointsDiscount);
