import { subscribeFrame } from '#shared/application/notifications/schemas.ts';
import { subscribe } from '#shared/application/notifications/subscribe.ts';
import { connectionDeps } from '#shared/composition/notifications.ts';
import { websocketRoute } from '#shared/middleware/websocket/route.ts';

/** `{ action: "subscribe", channel }`: `subscribed`, or a `forbidden` error frame without closing the connection. */
export const handler = websocketRoute({ kind: 'message', schema: subscribeFrame }, async ({ connectionId, body }) =>
  subscribe(await connectionDeps(), { connectionId, channel: body.channel }),
);
