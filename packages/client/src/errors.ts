import type { ErrorCode } from '@member-center/contract';

/** The base of every error the client throws, so `catch` can tell them from bugs of its own. */
export class MemberCenterError extends Error {
  override name = 'MemberCenterError';
}

/** The API answered with an error status; `code` comes from its `{error: {code, message, details}}` envelope. */
export class ApiError extends MemberCenterError {
  override name = 'ApiError';
  constructor(
    readonly status: number,
    /** The envelope's code; `unknown` when the response carried no envelope (a proxy's error page). */
    readonly code: ErrorCode | 'unknown',
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/** The request never got an answer: offline, DNS, connection refused, CORS refusal. */
export class NetworkError extends MemberCenterError {
  override name = 'NetworkError';
}

/** The API did not answer within the client's `timeout`. */
export class TimeoutError extends MemberCenterError {
  override name = 'TimeoutError';
}

/** One problem found in a response, as zod reports it. */
export interface ContractIssue {
  path: PropertyKey[];
  code: string;
  message: string;
}

/** The API answered 2xx with a body the v1 contract does not allow (a mismatched server version). */
export class ContractError extends MemberCenterError {
  override name = 'ContractError';
  constructor(
    message: string,
    readonly issues: ContractIssue[] = [],
  ) {
    super(message);
  }
}

export const isMemberCenterError = (error: unknown): error is MemberCenterError => error instanceof MemberCenterError;
export const isApiError = (error: unknown): error is ApiError => error instanceof ApiError;
export const isNetworkError = (error: unknown): error is NetworkError => error instanceof NetworkError;
export const isTimeoutError = (error: unknown): error is TimeoutError => error instanceof TimeoutError;
export const isContractError = (error: unknown): error is ContractError => error instanceof ContractError;
