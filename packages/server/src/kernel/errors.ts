import type { ErrorCode, ErrorEnvelope } from '@member-center/contract';

/**
 * A refusal of the loyalty domain: bad input (400), nothing there (404), a conflicting retry
 * (409) or a business rule (422). The status travels with it because idempotent commands store
 * and replay the refusal as the first answer; http/ turns it into the response.
 */
export class DomainError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 422 | 429 | 500,
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'DomainError';
  }

  toJSON(): ErrorEnvelope {
    return {
      error: { code: this.code, message: this.message, ...(this.details !== undefined && { details: this.details }) },
    };
  }
}

export const invalidRequest = (message: string, details?: unknown) =>
  new DomainError(400, 'invalid_request', message, details);
export const notFound = (message: string) => new DomainError(404, 'not_found', message);
export const conflict = (code: ErrorCode, message: string) => new DomainError(409, code, message);
export const businessRule = (code: ErrorCode, message: string, details?: unknown) =>
  new DomainError(422, code, message, details);
