import { McProvider } from '@member-center/elements';
import { defineOnce } from './define.js';

export default () => defineOnce('mc-provider', McProvider);
