export * from './console.js';
export * from './primitives.js';
export * from './program-settings.js';
export * from './referrals.js';
export * from './requests.js';
export * from './responses.js';
export * from './routes.js';
export * from './webhooks.js';
