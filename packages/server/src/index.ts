export { type AppOptions, createApp } from './app.js';
export { type Database, DataDirInUseError, openDatabase, type Sql } from './db/database.js';
export { DEMO_MEMBER, DEMO_ORIGINS, seedDemo } from './demo.js';
export { grantBirthday, sweepBirthdays } from './domain/birthdays.js';
export { settleMember, sweepExpired } from './domain/expiry.js';
export { createProgram, type NewProgram, type ProgramRow } from './domain/programs.js';
export {
  announceExpiring,
  drainWebhooks,
  REPLAY_WINDOW_S,
  runWebhooks,
  signWebhook,
  startWebhookWorker,
  verifyWebhook,
} from './domain/webhooks.js';
export {
  DEFAULT_RATE_LIMITS,
  type RateLimitOptions,
  type RateLimitStore,
  type RateRule,
  type StoreName,
} from './http/rate-limit.js';
export { type RunningServer, startServer } from './server.js';
export { signMemberToken, type TokenOptions } from './tokens.js';
