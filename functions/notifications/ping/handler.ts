import { pingFrame } from '#shared/application/notifications/schemas.ts';
import { websocketRoute } from '#shared/middleware/websocket/route.ts';

/** `{ action: "ping" }` → `{ type: "pong" }`: a keep-alive that also tells the client every earlier frame has arrived. */
export const handler = websocketRoute({ kind: 'message', schema: pingFrame }, async () => ({ type: 'pong' }));
