export { type ClientOptions, createClient } from './client.js';
export {
  ApiError,
  ContractError,
  type ContractIssue,
  isApiError,
  isContractError,
  isMemberCenterError,
  isNetworkError,
  isTimeoutError,
  MemberCenterError,
  NetworkError,
  TimeoutError,
} from './errors.js';
export type { Call, RetryOptions, RouteSpec } from './http.js';
/** The store createClient builds on, for in-memory clients (tests, stories) that should share its rules. */
export { createStore, type Loaders, type StoreInternals } from './store.js';
export { tokenExpiry } from './token.js';
export type {
  MemberCenterClient,
  PageOptions,
  Resource,
  Store,
  StoreData,
  StoreKey,
  TokenSource,
} from './types.js';
