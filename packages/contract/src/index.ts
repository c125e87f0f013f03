export * from './primitives.js';
export * from './program-settings.js';
export * from './routes.js';
export * from './schemas.js';
