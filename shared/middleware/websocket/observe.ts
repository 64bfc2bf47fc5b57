import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { MiddlewareObj } from '@middy/core';
import { ulid } from 'ulid';
import { pickCorrelationId, type OrderlyContext } from '#shared/middleware/context.ts';
import { logger, metrics } from '#shared/observability/index.ts';
import type { WebSocketEvent, WebSocketRequest, WebSocketResult } from './types.ts';

const startedAt = new WeakMap<object, number>();
// Offline, an unknown action arrives with the client's own string as its route key: never a metric dimension.
const ROUTES = new Set(['$connect', '$disconnect', '$default', 'subscribe', 'unsubscribe', 'ping']);
const routeOf = (event: WebSocketEvent): string => {
  const route = event.requestContext?.routeKey ?? '$default';
  return ROUTES.has(route) ? route : '$default';
};

const headerOf = (event: WebSocketEvent, name: string): string | undefined =>
  Object.entries(event.headers ?? {}).find(([key]) => key.toLowerCase() === name)?.[1];

/** Correlation id (the upgrade request's `x-correlation-id` when well formed), log keys, one log line and metrics per call. */
export const observeWebSocket = (): MiddlewareObj<WebSocketEvent, WebSocketResult, Error, OrderlyContext> => {
  const before = (request: WebSocketRequest): void => {
    startedAt.set(request, performance.now());
    request.context.correlationId = pickCorrelationId(headerOf(request.event, 'x-correlation-id'), ulid);
    logger.appendKeys({
      correlationId: request.context.correlationId,
      connectionId: request.event.requestContext?.connectionId,
      route: routeOf(request.event),
    });
  };

  const after = (request: WebSocketRequest): void => {
    const status = request.response?.statusCode ?? 500;
    const durationMs = Math.round((performance.now() - (startedAt.get(request) ?? performance.now())) * 100) / 100;
    const route = routeOf(request.event);
    metrics.addDimension('route', route);
    metrics.addMetric('WebSocketMessages', MetricUnit.Count, 1);
    if (request.error) metrics.addMetric('WebSocketErrors', MetricUnit.Count, 1);
    metrics.addMetric('LatencyMs', MetricUnit.Milliseconds, durationMs);
    logger.info('websocket', { route, status, durationMs, ...(request.error ? { errorName: request.error.name } : {}) });
  };

  return { before, after, onError: after };
};
