import middy from '@middy/core';
import httpCors from '@middy/http-cors';
import httpSecurityHeaders from '@middy/http-security-headers';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import type { z } from 'zod';
import { logger, metrics, tracer } from '#shared/observability/index.ts';
import type { OrderlyContext } from '#shared/middleware/context.ts';
import { errorMapper } from './error-mapper.ts';
import { jsonBody } from './json-body.ts';
import { observe } from './observe.ts';
import { parsedInputs, validate, type RequestSchemas } from './validate.ts';
import type { HttpEvent, HttpResponse } from './types.ts';

type Infer<S> = S extends z.ZodType ? z.infer<S> : undefined;

export interface RouteInput<S extends RequestSchemas> {
  body: Infer<S['body']>;
  query: Infer<S['query']>;
  path: Infer<S['path']>;
  headers: Infer<S['headers']>;
  event: HttpEvent;
  context: OrderlyContext;
}

export interface RouteResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface RouteOptions<S extends RequestSchemas> {
  /** `public` needs no token. Identity-aware routes arrive with the auth middleware. */
  auth: 'public';
  schemas?: S;
  corsOrigins: string[];
}

const toResponse = ({ status, body, headers }: RouteResult): HttpResponse => ({
  statusCode: status,
  headers: body === undefined ? { ...headers } : { 'content-type': 'application/json', ...headers },
  ...(body === undefined ? {} : { body: JSON.stringify(body) }),
});

/**
 * The HTTP middleware spine, in registration order: tracing, logger context, metrics, observation
 * (correlation id, request log), response headers, error mapper, JSON body, validation.
 * `onError` runs in reverse, so the mapper turns any error into problem+json before headers and logs see it.
 */
export const httpRoute = <S extends RequestSchemas = Record<never, never>>(
  options: RouteOptions<S>,
  useCase: (input: RouteInput<S>) => Promise<RouteResult>,
) =>
  middy<HttpEvent, HttpResponse, Error, OrderlyContext>(async (event: HttpEvent, context: OrderlyContext) => {
    const parsed = parsedInputs.get(event);
    return toResponse(
      await useCase({
        body: parsed?.body as Infer<S['body']>,
        query: parsed?.query as Infer<S['query']>,
        path: parsed?.path as Infer<S['path']>,
        headers: parsed?.headers as Infer<S['headers']>,
        event,
        context,
      }),
    );
  })
    .use(captureLambdaHandler(tracer, { captureResponse: false }))
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metrics, { captureColdStartMetric: true }))
    .use(observe())
    .use(httpSecurityHeaders())
    .use(httpCors({ origins: options.corsOrigins, exposeHeaders: 'x-correlation-id,retry-after', credentials: false }))
    .use(errorMapper())
    .use(jsonBody())
    .use(validate(options.schemas ?? {}));
