import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { MiddlewareObj } from '@middy/core';
import { ulid } from 'ulid';
import { pickCorrelationId, type OrderlyContext } from '#shared/middleware/context.ts';
import { logger, metrics } from '#shared/observability/index.ts';
import type { WebSocketEvent, WebSocketRequest, WebSocketResult } from './types.ts';

const startedAt = new WeakMap<object, number>();

const headerOf = (event: WebSocketEvent, name: string): string | undefined =>
  Object.entries(event.headers ?? {}).find(([key]) => key.toLowerCase() === name)?.[1];

/** Correlation id (the upgrade request's `x-correlation-id` when well formed), log keys, one log line and metrics per call. */
export const observeWebSocket = (): MiddlewareObj<WebSocketEvent, WebSocketResult, Error, OrderlyContext> => {
  const before = (request: WebSocketRequest): void => {
    startedAt.set(request, performance.now());
    const { connectionId, routeKey } = request.event.requestContext ?? {};
    request.context.correlationId = pickCorrelationId(headerOf(request.event, 'x-correlation-id'), ulid);
    logger.appendKeys({ correlationId: request.context.correlationId, connectionId, route: routeKey });
  };

  const after = (request: WebSocketRequest): void => {
    const status = request.response?.statusCode ?? 500;
    const durationMs = Math.round((performance.now() - (startedAt.get(request) ?? performance.now())) * 100) / 100;
    const route = request.event.requestContext?.routeKey ?? 'unknown';
    metrics.addDimension('route', route);
    metrics.addMetric('WebSocketMessages', MetricUnit.Count, 1);
    if (request.error) metrics.addMetric('WebSocketErrors', MetricUnit.Count, 1);
    metrics.addMetric('LatencyMs', MetricUnit.Milliseconds, durationMs);
    logger.info('websocket', { route, status, durationMs, ...(request.error ? { errorName: request.error.name } : {}) });
  };

  return { before, after, onError: after };
};
