import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { MiddlewareObj, Request } from '@middy/core';
import type { OrderlyContext } from '#shared/middleware/context.ts';
import type { Permission, Role } from '#shared/domain/identity/roles.ts';

/** The HTTP event once the spine has parsed it: `body` holds the parsed JSON. */
export type HttpEvent = Omit<APIGatewayProxyEventV2, 'body'> & { body?: unknown; rawBody?: string | undefined };

export type HttpResponse = APIGatewayProxyStructuredResultV2;

/** What a route needs: nothing, any signed-in user, or one permission. */
export type AuthRequirement = 'public' | 'signedIn' | Permission;

export interface Principal {
  userId: string;
  roles: Role[];
}

/** Body, query, path and headers as the route's zod schemas returned them. */
export interface ParsedInput {
  body: unknown;
  query: unknown;
  path: unknown;
  headers: unknown;
}

/**
 * The Lambda context as the HTTP spine hands it to the route. middy calls the handler with `(event, context)`
 * only, so what the route reads travels on `request.context` (as middy's own `setToContext` options do).
 */
export interface HttpContext extends OrderlyContext {
  /** Set by `authenticate` on signed-in routes. */
  principal?: Principal;
  /** Set by `validate` on every route. */
  input?: ParsedInput;
}

/** State one middleware leaves for another within one request: middy's `request.internal`, dropped afterwards. */
export type HttpInternal = {
  /** `performance.now()` when `observe` saw the request. */
  startedAt?: number;
};

export type HttpRequest = Request<HttpEvent, HttpResponse, Error, HttpContext, HttpInternal>;

export type HttpMiddleware = MiddlewareObj<HttpEvent, HttpResponse, Error, HttpContext, HttpInternal>;

/** Headers arrive lower-cased from HTTP APIs; serverless offline keeps the client's casing. */
export const header = (event: Pick<HttpEvent, 'headers'>, name: string): string | undefined => {
  const headers = event.headers ?? {};
  return headers[name] ?? Object.entries(headers).find(([key]) => key.toLowerCase() === name)?.[1];
};

export const setHeader = (response: HttpResponse, name: string, value: string): void => {
  response.headers = { ...response.headers, [name]: value };
};
