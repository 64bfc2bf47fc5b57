import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { ulid } from 'ulid';
import { logger, metrics } from '#shared/observability/index.ts';
import { pickCorrelationId } from '#shared/middleware/context.ts';
import { isAbandoned } from '#shared/middleware/deadline.ts';
import { header, setHeader, type HttpEvent, type HttpMiddleware, type HttpRequest } from './types.ts';

const routeOf = (event: HttpEvent): string => event.routeKey ?? `${event.requestContext?.http?.method} ${event.rawPath}`;

export interface ObserveOptions {
  /** Emit Powertools' ColdStart metric on a cold start (the route's own spine; not its early answer). */
  coldStartMetric?: boolean;
}

/**
 * The request's logger context, correlation id, request log line and metrics, in one middleware. It makes the
 * documented Logger and Metrics calls that Powertools' `injectLambdaContext(logger, { resetKeys: true })` and
 * `logMetrics(metrics, { captureColdStartMetric })` middlewares make, in their order, without their two extra middy
 * layers and the copies of `request.internal` they make for Powertools' own early-return cleanup (which no middleware of
 * this spine uses):
 * - before: the log level's sampling decision, the Lambda context on every line (`addContext`), the event when
 *   POWERTOOLS_LOGGER_LOG_EVENT asks for it, the ColdStart metric, then the correlation id (the caller's when well-formed)
 *   as a log key;
 * - after (and on error, registered before the error mapper, so it sees the mapped response): the correlation id
 *   echoed, one request line (ERROR for a 5xx, else INFO), the request's metrics (route dimension, Requests,
 *   Status<n>xx, LatencyMs) flushed with whatever the use case added, then the buffer and the request's log keys
 *   cleared.
 * A request the deadline guard answered early writes nothing at its late end (see `isAbandoned`): the early answer
 * wrote its line and metrics.
 */
export const observe = ({ coldStartMetric = false }: ObserveOptions = {}): HttpMiddleware => {
  const before = (request: HttpRequest): void => {
    const { context } = request;
    logger.refreshSampleRateCalculation();
    logger.addContext(context);
    logger.logEventIfEnabled(request.event);
    if (coldStartMetric) metrics.captureColdStartMetric(context.functionName);
    request.internal.startedAt = performance.now();
    const correlationId = pickCorrelationId(header(request.event, 'x-correlation-id'), ulid);
    context.correlationId = correlationId;
    logger.appendKeys({ correlationId });
  };

  const after = (request: HttpRequest): void => {
    if (isAbandoned(request.context)) return;
    const response = request.response ?? { statusCode: 500 };
    request.response = response;
    setHeader(response, 'x-correlation-id', request.context.correlationId ?? 'unknown');
    const status = response.statusCode ?? 200;
    const durationMs = Math.round((performance.now() - (request.internal.startedAt ?? performance.now())) * 100) / 100;
    const route = routeOf(request.event);
    const line = { method: request.event.requestContext?.http?.method, route, status, durationMs };
    if (status >= 500) logger.error('request', line);
    else logger.info('request', line);
    metrics.publishWith('route', route, [
      ['Requests', MetricUnit.Count, 1],
      [`Status${Math.floor(status / 100)}xx`, MetricUnit.Count, 1],
      ['LatencyMs', MetricUnit.Milliseconds, durationMs],
    ]);
    logger.clearBuffer();
    logger.resetKeys();
  };

  return { before, after, onError: after };
};
