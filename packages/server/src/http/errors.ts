import type { ErrorCode } from '@member-center/contract';
import { DomainError } from '../kernel/errors.js';

export { businessRule, DomainError, invalidRequest, notFound } from '../kernel/errors.js';

/** An error of the HTTP layer itself (auth, limits, body size), optionally with headers such as Retry-After. */
export class ApiError extends DomainError {
  constructor(
    status: 400 | 401 | 403 | 404 | 409 | 413 | 422 | 429 | 500,
    code: ErrorCode,
    message: string,
    details?: unknown,
    readonly headers?: Record<string, string>,
  ) {
    super(status, code, message, details);
    this.name = 'ApiError';
  }
}

export const isApiError = (error: unknown): error is DomainError => error instanceof DomainError;

export const unauthenticated = (message: string) => new ApiError(401, 'unauthenticated', message);
export const forbidden = (message: string) => new ApiError(403, 'forbidden', message);
