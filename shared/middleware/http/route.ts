import middy from '@middy/core';
import httpSecurityHeaders from '@middy/http-security-headers';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import type * as z from '#shared/zod.ts';
import { UnauthorizedError, UnavailableError } from '#shared/domain/errors.ts';
import type { OrderlyContext } from '#shared/middleware/context.ts';
import { tracer } from '#shared/observability/index.ts';
import { authenticate, type VerifyAccessToken } from './auth.ts';
import { withDeadline } from '#shared/middleware/deadline.ts';
import { errorMapper } from './error-mapper.ts';
import { jsonBody } from './json-body.ts';
import { observe } from './observe.ts';
import type { AuthRequirement, HttpContext, HttpEvent, HttpInternal, HttpMiddleware, HttpResponse, Principal } from './types.ts';
import { validate, type RequestSchemas } from './validate.ts';

type Infer<S> = S extends z.ZodMiniType ? z.infer<S> : undefined;

interface Parsed<S extends RequestSchemas> {
  body: Infer<S['body']>;
  query: Infer<S['query']>;
  path: Infer<S['path']>;
  headers: Infer<S['headers']>;
}

/** What a public route's use case receives. */
export interface RouteInput<S extends RequestSchemas> extends Parsed<S> {
  event: HttpEvent;
  context: OrderlyContext;
}

/** What a signed-in route's use case receives: the caller too. */
export interface SignedInRouteInput<S extends RequestSchemas> extends RouteInput<S> {
  principal: Principal;
}

export interface RouteResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** A body that is not JSON to serialise (a page, a script, a stored document): sent as is, with its content type. */
  raw?: { contentType: string; body: string; base64?: boolean };
}

export interface RouteOptions<S extends RequestSchemas> {
  schemas?: S;
  /** Extra middlewares that run after authentication and before the body is parsed (rate limits). */
  guards?: HttpMiddleware[];
  /** This route's body limit in bytes, when it is not the API's 64 KiB (e.g. model documents, 256 KiB). */
  maxBodyBytes?: number;
  /** Replaces the default, deny-everything Content-Security-Policy (the docs page needs its own scripts and styles). */
  contentSecurityPolicy?: Record<string, string | false>;
}

export interface SignedInRouteOptions<S extends RequestSchemas> extends RouteOptions<S> {
  /** Any signed-in user, or one permission: 401 without a valid token, 403 without the permission. */
  auth: Exclude<AuthRequirement, 'public'>;
}

/** What a context binds once for all its signed-in routes (see `routeFor`). */
export interface RouteBindings {
  verifier: () => Promise<VerifyAccessToken>;
}

const toResponse = ({ status, body, headers, raw }: RouteResult): HttpResponse => {
  if (raw) {
    return {
      statusCode: status,
      headers: { 'content-type': raw.contentType, ...headers },
      body: raw.body,
      ...(raw.base64 ? { isBase64Encoded: true } : {}),
    };
  }
  return {
    statusCode: status,
    headers: body === undefined ? { ...headers } : { 'content-type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  };
};

/** The early answer near the function's timeout (see `withDeadline`): work queued behind a busy CPU fails fast and cleanly. */
const busy = () => {
  throw new UnavailableError('The service is busy; retry shortly.', { retryAfterSeconds: 1 });
};

const inputOf = <S extends RequestSchemas>(event: HttpEvent, context: HttpContext): RouteInput<S> => {
  // `validate` parsed these with exactly the route's schemas `S`; zod's result types do not survive its loop.
  const parsed = context.input as Parsed<S>;
  return { body: parsed.body, query: parsed.query, path: parsed.path, headers: parsed.headers, event, context };
};

/**
 * The HTTP middleware spine, in registration order: tracing, observation (logger context, correlation id, request log,
 * metrics), security headers, error mapper, authentication, guards, JSON body, validation; the whole of it under the
 * function's deadline (`withDeadline`: a 503 with Retry-After just before the timeout).
 * `onError` runs in reverse, so the mapper turns any error into problem+json before headers and logs see it.
 * CORS is not here: API Gateway answers preflights and sets the CORS headers (serverless.yml, provider.httpApi.cors).
 */
const spine = (
  authentication: HttpMiddleware | undefined,
  { schemas = {}, guards = [], maxBodyBytes, contentSecurityPolicy }: RouteOptions<RequestSchemas>,
  run: (event: HttpEvent, context: HttpContext) => Promise<RouteResult>,
) => {
  const headers = () =>
    httpSecurityHeaders(contentSecurityPolicy ? { contentSecurityPolicy: contentSecurityPolicy as Record<string, string> } : undefined);
  // middy's own early timeout (5 ms before the end, armed after the before middlewares) is off: `withDeadline` answers
  // first, and a request it has abandoned would otherwise log a TimeoutError and a 500 it never sent.
  const handler = middy<HttpEvent, HttpResponse, Error, HttpContext, HttpInternal>(
    (event: HttpEvent, context: HttpContext) => run(event, context).then(toResponse),
    { timeoutEarlyInMillis: 0 },
  );
  // Tracing is on or off for the container's life (POWERTOOLS_TRACE_ENABLED, Lambda or not): when off, the tracer's
  // middleware would only ask so three times per request.
  // `observe` stays silent at the late end of a request answered early (see `isAbandoned`); the tracer's middleware
  // closes its segment as the library does.
  if (tracer.isTracingEnabled()) handler.use(captureLambdaHandler(tracer, { captureResponse: false }));
  handler
    .use(observe({ coldStartMetric: true }))
    .use(headers())
    .use(errorMapper());
  if (authentication) handler.use(authentication);
  for (const guard of guards) handler.use(guard);
  handler.use(jsonBody({ maxBytes: maxBodyBytes })).use(validate(schemas));
  // The early answer goes through the same response middlewares, under the request's correlation id, and writes the
  // request's one line and its metrics itself.
  const early = middy<HttpEvent, HttpResponse, Error, HttpContext, HttpInternal>(busy).use(observe()).use(headers()).use(errorMapper());
  return withDeadline(handler, (event: HttpEvent, context: HttpContext) =>
    early(context.correlationId ? { ...event, headers: { ...event.headers, 'x-correlation-id': context.correlationId } } : event, context),
  );
};

/** A route anyone may call. It never bundles the token verifier (no SSM client, no aws-jwt-verify). */
export const publicRoute = <S extends RequestSchemas = Record<never, never>>(
  options: RouteOptions<S>,
  useCase: (input: RouteInput<S>) => Promise<RouteResult>,
) => spine(undefined, options, (event, context) => useCase(inputOf<S>(event, context)));

/**
 * Binds what every signed-in route of a context shares (the token verifier) and returns that context's route
 * helper, e.g. `ordersRoute` in `shared/composition/orders.ts`. The verifier is a lazy getter, so keys are loaded
 * on the first signed-in request. Annotate the call `@__PURE__`, so that a public function importing
 * the same composition root drops the helper, and the verifier with it, from its bundle.
 */
export const routeFor =
  ({ verifier }: RouteBindings) =>
  <S extends RequestSchemas = Record<never, never>>(
    options: SignedInRouteOptions<S>,
    useCase: (input: SignedInRouteInput<S>) => Promise<RouteResult>,
  ) =>
    spine(authenticate(options.auth, verifier), options, (event, context) => {
      const { principal } = context;
      if (!principal) throw new UnauthorizedError('Sign in: send Authorization: Bearer <access token>.');
      return useCase({ ...inputOf<S>(event, context), principal });
    });
