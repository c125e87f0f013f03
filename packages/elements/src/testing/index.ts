export * from './fixtures.js';
export { MemoryApiError, MemoryClient, type MemoryClientOptions } from './memory-client.js';
