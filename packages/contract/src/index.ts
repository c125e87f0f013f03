export * from './primitives.js';
export * from './program-settings.js';
export * from './requests.js';
export * from './responses.js';
export * from './routes.js';
