export type { MemberCenterClient } from '@member-center/client';
export * from './events.js';
export type { ViewState } from './internal/base.js';
export { McElement } from './internal/base.js';
export { clientContext, getDefaultClient, setDefaultClient } from './internal/client.js';
export { McPointsBalance } from './points-balance/points-balance.js';
export { McProvider } from './provider/provider.js';
export { McRewardsBazaar, type RewardSort, VIRTUALIZE_ABOVE } from './rewards-bazaar/rewards-bazaar.js';
export { McTierProgress } from './tier-progress/tier-progress.js';
