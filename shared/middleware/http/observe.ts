import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { ulid } from 'ulid';
import { logger, metrics } from '#shared/observability/index.ts';
import { pickCorrelationId } from '#shared/middleware/context.ts';
import { header, setHeader, type HttpEvent, type HttpMiddleware, type HttpRequest } from './types.ts';

const routeOf = (event: HttpEvent): string => event.routeKey ?? `${event.requestContext?.http?.method} ${event.rawPath}`;

/**
 * Correlation id in, echoed out; one request log line and per-route metrics per call.
 * Registered before the error mapper, so on failure it sees the mapped response.
 */
export const observe = (): HttpMiddleware => {
  const before = (request: HttpRequest): void => {
    request.internal.startedAt = performance.now();
    const correlationId = pickCorrelationId(header(request.event, 'x-correlation-id'), ulid);
    request.context.correlationId = correlationId;
    logger.appendKeys({ correlationId });
  };

  const after = (request: HttpRequest): void => {
    const response = request.response ?? { statusCode: 500 };
    request.response = response;
    setHeader(response, 'x-correlation-id', request.context.correlationId ?? 'unknown');
    const status = response.statusCode ?? 200;
    const durationMs = Math.round((performance.now() - (request.internal.startedAt ?? performance.now())) * 100) / 100;
    const route = routeOf(request.event);
    metrics.addDimension('route', route);
    metrics.addMetric('Requests', MetricUnit.Count, 1);
    metrics.addMetric(`Status${Math.floor(status / 100)}xx`, MetricUnit.Count, 1);
    metrics.addMetric('LatencyMs', MetricUnit.Milliseconds, durationMs);
    const log = status >= 500 ? logger.error.bind(logger) : logger.info.bind(logger);
    log('request', { method: request.event.requestContext?.http?.method, route, status, durationMs });
  };

  return { before, after, onError: after };
};
