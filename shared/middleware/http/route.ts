import middy, { type MiddlewareObj } from '@middy/core';
import httpCors from '@middy/http-cors';
import httpSecurityHeaders from '@middy/http-security-headers';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import type { z } from 'zod';
import { logger, metrics, tracer } from '#shared/observability/index.ts';
import type { OrderlyContext } from '#shared/middleware/context.ts';
import { authenticate, principals, type AuthRequirement, type Principal, type VerifyAccessToken } from './auth.ts';
import { errorMapper } from './error-mapper.ts';
import { jsonBody } from './json-body.ts';
import { observe } from './observe.ts';
import { parsedInputs, validate, type RequestSchemas } from './validate.ts';
import type { HttpEvent, HttpResponse } from './types.ts';

type Infer<S> = S extends z.ZodType ? z.infer<S> : undefined;

export interface RouteInput<S extends RequestSchemas, A extends AuthRequirement = AuthRequirement> {
  principal: A extends 'public' ? undefined : Principal;
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

export interface RouteOptions<S extends RequestSchemas, A extends AuthRequirement> {
  /** `public`, any signed-in user, or one permission (401 without a valid token, 403 without the permission). */
  auth: A;
  /**
   * The token verifier for non-public routes. Passed in, not imported here, so public functions never bundle
   * the key-loading code (SSM client, aws-jwt-verify).
   */
  verifier?: A extends 'public' ? never : () => Promise<VerifyAccessToken>;
  schemas?: S;
  corsOrigins: string[];
  /** Extra middlewares that run after authentication and before the body is parsed (rate limits, idempotency). */
  guards?: Array<MiddlewareObj<HttpEvent, HttpResponse, Error, OrderlyContext>>;
}

const toResponse = ({ status, body, headers }: RouteResult): HttpResponse => ({
  statusCode: status,
  headers: body === undefined ? { ...headers } : { 'content-type': 'application/json', ...headers },
  ...(body === undefined ? {} : { body: JSON.stringify(body) }),
});

/**
 * The HTTP middleware spine, in registration order: tracing, logger context, metrics, observation
 * (correlation id, request log), response headers, error mapper, authentication, guards, JSON body, validation.
 * `onError` runs in reverse, so the mapper turns any error into problem+json before headers and logs see it.
 */
export const httpRoute = <S extends RequestSchemas = Record<never, never>, A extends AuthRequirement = AuthRequirement>(
  options: RouteOptions<S, A>,
  useCase: (input: RouteInput<S, A>) => Promise<RouteResult>,
) => {
  const handler = middy<HttpEvent, HttpResponse, Error, OrderlyContext>(async (event: HttpEvent, context: OrderlyContext) => {
    const parsed = parsedInputs.get(event);
    return toResponse(
      await useCase({
        principal: principals.get(event) as RouteInput<S, A>['principal'],
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
    .use(errorMapper());
  if (options.auth !== 'public') {
    if (!options.verifier) throw new Error(`Route requiring ${options.auth} needs a token verifier`);
    handler.use(authenticate(options.auth as Exclude<AuthRequirement, 'public'>, options.verifier));
  }
  for (const guard of options.guards ?? []) handler.use(guard);
  return handler.use(jsonBody()).use(validate(options.schemas ?? {}));
};
