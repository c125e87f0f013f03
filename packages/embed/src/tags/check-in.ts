import { McCheckIn } from '@member-center/elements';
import { defineOnce } from './define.js';

export default () => defineOnce('mc-check-in', McCheckIn);
