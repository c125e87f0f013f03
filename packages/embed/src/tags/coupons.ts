import { McCoupons } from '@member-center/elements';
import { defineOnce } from './define.js';

export default () => defineOnce('mc-coupons', McCoupons);
