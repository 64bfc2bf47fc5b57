import { isDomainError } from '#shared/domain/errors.ts';
import { logger } from '#shared/observability/index.ts';
import { problemResponse, statusOfKind } from '#shared/middleware/problem.ts';
import type { HttpMiddleware, HttpRequest } from './types.ts';

/** Errors the spine raises before domain code runs (body parsing) carry their status. */
export class HttpError extends Error {
  override readonly name = 'HttpError';
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

const INTERNAL_DETAIL = 'An unexpected error occurred. Quote the correlation id when reporting it.';

/** Maps every error, by type, to RFC 9457 problem+json. Unknown errors become a 500 that leaks nothing. */
export const errorMapper = (): HttpMiddleware => ({
  onError: (request: HttpRequest) => {
    const error = request.error;
    const correlationId = request.context.correlationId ?? 'unknown';
    if (isDomainError(error)) {
      const status = statusOfKind(error.kind);
      const headers: Record<string, string> =
        error.retryAfterSeconds === undefined ? {} : { 'retry-after': String(Math.max(1, Math.ceil(error.retryAfterSeconds))) };
      if (status >= 500) logger.warn('dependency unavailable', { error });
      request.response = problemResponse({ status, detail: error.message, correlationId, errors: error.issues, headers });
      return;
    }
    if (error instanceof HttpError) {
      request.response = problemResponse({ status: error.status, detail: error.message, correlationId });
      return;
    }
    logger.error('unhandled error', { error });
    request.response = problemResponse({ status: 500, detail: INTERNAL_DETAIL, correlationId });
  },
});
