import { McLottery } from '@member-center/elements';
import { defineOnce } from './define.js';

export default () => defineOnce('mc-lottery', McLottery);
