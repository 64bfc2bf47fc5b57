import type { MiddlewareObj } from '@middy/core';
import { isDomainError, type ErrorKind } from '#shared/domain/errors.ts';
import type { ErrorCode } from '#shared/domain/notifications/frames.ts';
import type { OrderlyContext } from '#shared/middleware/context.ts';
import { statusOfKind } from '#shared/middleware/problem.ts';
import { logger } from '#shared/observability/index.ts';
import type { WebSocketEvent, WebSocketRequest, WebSocketResult, WebSocketRouteKind } from './types.ts';

const CODE_BY_KIND: Record<ErrorKind, ErrorCode> = {
  invalid: 'bad_request',
  unauthorized: 'unauthorized',
  forbidden: 'forbidden',
  not_found: 'not_found',
  conflict: 'bad_request',
  unprocessable: 'bad_request',
  rate_limited: 'rate_limited',
  unavailable: 'internal',
};

/**
 * Every error becomes an answer, never a throw to API Gateway: an upgrade is refused with the kind's status (401
 * for a bad ticket, 429 over a limit, 500 otherwise); a message gets an error frame and the connection stays open.
 */
export const errorFrame = (kind: WebSocketRouteKind): MiddlewareObj<WebSocketEvent, WebSocketResult, Error, OrderlyContext> => ({
  onError: (request: WebSocketRequest) => {
    const error = request.error;
    const known = isDomainError(error);
    if (!known) logger.error('unhandled error', { error });
    else if (error.kind === 'unavailable') logger.warn('dependency unavailable', { error });
    if (kind === 'upgrade') {
      request.response = { statusCode: known ? statusOfKind(error.kind) : 500 };
      return;
    }
    const code = known ? CODE_BY_KIND[error.kind] : 'internal';
    const message = known && code !== 'internal' ? error.message : 'An unexpected error occurred.';
    request.response = {
      statusCode: 200,
      body: JSON.stringify({ type: 'error', code, message, correlationId: request.context.correlationId }),
    };
  },
});
