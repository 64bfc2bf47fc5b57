import type { Request } from '@middy/core';
import type { APIGatewayProxyWebsocketEventV2 } from 'aws-lambda';
import type { OrderlyContext } from '#shared/middleware/context.ts';

/** A WebSocket route's event: `$connect` also carries the upgrade request's headers and query string. */
export type WebSocketEvent = APIGatewayProxyWebsocketEventV2 & {
  headers?: Record<string, string | undefined>;
  queryStringParameters?: Record<string, string | undefined> | null;
};

/** `$connect` refuses the upgrade with a non-2xx status; a message route's `body` is sent back as one frame. */
export interface WebSocketResult {
  statusCode: number;
  body?: string;
}

export type WebSocketRequest = Request<WebSocketEvent, WebSocketResult, Error, OrderlyContext>;

/** `upgrade` for $connect (errors refuse the upgrade), `message` for the routes a client sends frames to. */
export type WebSocketRouteKind = 'upgrade' | 'message';
