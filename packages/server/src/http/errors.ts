import type { ErrorCode, ErrorEnvelope } from '@member-center/contract';

/** An error the API answers with its envelope: `{"error": {"code", "message", "details"?}}`. */
export class ApiError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 422 | 429 | 500,
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  toJSON(): ErrorEnvelope {
    return {
      error: { code: this.code, message: this.message, ...(this.details !== undefined && { details: this.details }) },
    };
  }
}

export const isApiError = (error: unknown): error is ApiError => error instanceof ApiError;

export const invalidRequest = (message: string, details?: unknown) =>
  new ApiError(400, 'invalid_request', message, details);
export const unauthenticated = (message: string) => new ApiError(401, 'unauthenticated', message);
export const forbidden = (message: string) => new ApiError(403, 'forbidden', message);
export const notFound = (message: string) => new ApiError(404, 'not_found', message);
export const businessRule = (code: ErrorCode, message: string, details?: unknown) =>
  new ApiError(422, code, message, details);
