import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import type * as z from '#shared/zod.ts';
import { ValidationError } from '#shared/domain/errors.ts';
import type { ServerFrame } from '#shared/domain/notifications/frames.ts';
import type { OrderlyContext } from '#shared/middleware/context.ts';
import { logger, metrics, tracer } from '#shared/observability/index.ts';
import { errorFrame } from './error-frame.ts';
import { observeWebSocket } from './observe.ts';
import type { WebSocketEvent, WebSocketResult, WebSocketRouteKind } from './types.ts';

export interface WebSocketInput<B> {
  connectionId: string;
  correlationId: string;
  /** The parsed frame for message routes with a schema; undefined otherwise. */
  body: B;
  event: WebSocketEvent;
}

export interface WebSocketRouteOptions<S extends z.ZodMiniType | undefined> {
  kind: WebSocketRouteKind;
  /** Parses the client's frame; malformed JSON or a frame it refuses is a `bad_request` error frame. */
  schema?: S;
}

type BodyOf<S> = S extends z.ZodMiniType ? z.infer<S> : undefined;

const parseFrame = <S extends z.ZodMiniType>(schema: S, body: string | undefined): z.infer<S> => {
  let json: unknown;
  try {
    json = JSON.parse(body ?? '');
  } catch {
    throw new ValidationError('The frame is not JSON.');
  }
  const result = schema.safeParse(json);
  if (!result.success)
    throw new ValidationError(
      `The frame is invalid: ${result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ')}`,
    );
  return result.data;
};

/**
 * The WebSocket spine, in registration order: tracing, logger context, metrics, observation (correlation id,
 * log line), error frames, frame parsing. A handler returns the frame to send back (or nothing); errors never
 * reach API Gateway.
 */
export const websocketRoute = <S extends z.ZodMiniType | undefined = undefined>(
  options: WebSocketRouteOptions<S>,
  handle: (input: WebSocketInput<BodyOf<S>>) => Promise<ServerFrame | void>,
) =>
  middy<WebSocketEvent, WebSocketResult, Error, OrderlyContext>(async (event: WebSocketEvent, context: OrderlyContext) => {
    const body = (options.schema ? parseFrame(options.schema, event.body) : undefined) as BodyOf<S>;
    const frame = await handle({ connectionId: event.requestContext.connectionId, correlationId: context.correlationId, body, event });
    return frame ? { statusCode: 200, body: JSON.stringify(frame) } : { statusCode: 200 };
  })
    .use(captureLambdaHandler(tracer, { captureResponse: false }))
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metrics, { captureColdStartMetric: true }))
    .use(observeWebSocket())
    .use(errorFrame(options.kind));
