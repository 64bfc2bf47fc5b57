import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { Request } from '@middy/core';
import type { OrderlyContext } from '#shared/middleware/context.ts';

/** The HTTP event once the spine has parsed it: `body` holds the parsed JSON. */
export type HttpEvent = Omit<APIGatewayProxyEventV2, 'body'> & { body?: unknown; rawBody?: string | undefined };

export type HttpResponse = APIGatewayProxyStructuredResultV2;

export type HttpRequest = Request<HttpEvent, HttpResponse, Error, OrderlyContext>;

/** Headers arrive lower-cased from HTTP APIs; serverless offline keeps the client's casing. */
export const header = (event: Pick<HttpEvent, 'headers'>, name: string): string | undefined => {
  const headers = event.headers ?? {};
  return headers[name] ?? Object.entries(headers).find(([key]) => key.toLowerCase() === name)?.[1];
};

export const setHeader = (response: HttpResponse, name: string, value: string): void => {
  response.headers = { ...response.headers, [name]: value };
};
