import { ping } from '#shared/application/notifications/ping.ts';
import { pingFrame } from '#shared/application/notifications/schemas.ts';
import { websocketRoute } from '#shared/middleware/websocket/route.ts';

/** `{ action: "ping" }` → `{ type: "pong" }`. */
export const handler = websocketRoute({ kind: 'message', schema: pingFrame }, () => ping());
