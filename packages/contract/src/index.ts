export * from './primitives.js';
export * from './routes.js';
export * from './schemas.js';
