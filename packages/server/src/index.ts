export { type AppOptions, createApp } from './app.js';
export { createProgram, type NewProgram } from './commands/program.js';
export { type Database, DataDirInUseError, openDatabase, type Sql } from './db/database.js';
export { DEMO_MEMBER, DEMO_OPERATOR, DEMO_ORIGINS, demoOperator, seedDemo } from './demo.js';
export {
  DEFAULT_RATE_LIMITS,
  type RateLimitOptions,
  type RateLimitStore,
  type RateRule,
  type StoreName,
} from './http/rate-limit.js';
export type { ProgramRow } from './kernel/programs.js';
export { advanceMember, isDue } from './member-state/advance.js';
export { grantBirthday, settleMember } from './member-state/compat.js';
export { sweep, sweepBirthdays, sweepMembers as sweepExpired } from './member-state/sweep.js';
export { addOperator } from './operators/operators.js';
export { type RunningServer, startServer } from './server.js';
export { signMemberToken, type TokenOptions } from './tokens.js';
export { drainWebhooks, runWebhooks, startWebhookWorker } from './webhooks/delivery.js';
export { announceExpiring } from './webhooks/expiring.js';
export { REPLAY_WINDOW_S, signWebhook, verifyWebhook } from './webhooks/signature.js';
