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
export type { RetryOptions } from './http.js';
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
