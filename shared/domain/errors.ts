/** What went wrong, in terms every adapter can map: HTTP status, SQS retry/ack, log level. */
export type ErrorKind =
  'invalid' | 'unauthorized' | 'forbidden' | 'not_found' | 'conflict' | 'unprocessable' | 'rate_limited' | 'unavailable';

export interface FieldIssue {
  path: string;
  message: string;
}

interface DomainErrorOptions extends ErrorOptions {
  /** Seconds the caller should wait before retrying (rate limits, in-flight duplicates). */
  retryAfterSeconds?: number;
  /** Every invalid field, for `invalid` errors. */
  issues?: FieldIssue[];
}

/**
 * Base of every error the domain and application layers raise on purpose.
 * `name` is a literal on each subclass because minifiers rename classes.
 */
export abstract class DomainError extends Error {
  abstract readonly kind: ErrorKind;
  readonly retryAfterSeconds: number | undefined;
  readonly issues: FieldIssue[] | undefined;

  constructor(message: string, options: DomainErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.issues = options.issues;
  }
}

export class ValidationError extends DomainError {
  override readonly name = 'ValidationError';
  readonly kind = 'invalid';
}

export class UnauthorizedError extends DomainError {
  override readonly name = 'UnauthorizedError';
  readonly kind = 'unauthorized';
}

export class ForbiddenError extends DomainError {
  override readonly name = 'ForbiddenError';
  readonly kind = 'forbidden';
}

export class NotFoundError extends DomainError {
  override readonly name = 'NotFoundError';
  readonly kind = 'not_found';
}

export class ConflictError extends DomainError {
  override readonly name = 'ConflictError';
  readonly kind = 'conflict';
}

export class UnprocessableError extends DomainError {
  override readonly name = 'UnprocessableError';
  readonly kind = 'unprocessable';
}

export class RateLimitedError extends DomainError {
  override readonly name = 'RateLimitedError';
  readonly kind = 'rate_limited';
}

export class UnavailableError extends DomainError {
  override readonly name = 'UnavailableError';
  readonly kind = 'unavailable';
}

export const isDomainError = (error: unknown): error is DomainError => error instanceof DomainError;
