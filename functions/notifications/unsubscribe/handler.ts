import { unsubscribeFrame } from '#shared/application/notifications/schemas.ts';
import { unsubscribe } from '#shared/application/notifications/unsubscribe.ts';
import { connectionDeps } from '#shared/composition/notifications.ts';
import { websocketRoute } from '#shared/middleware/websocket/route.ts';

/** `{ action: "unsubscribe", channel }`: `unsubscribed`. */
export const handler = websocketRoute({ kind: 'message', schema: unsubscribeFrame }, async ({ connectionId, body }) =>
  unsubscribe(await connectionDeps(), { connectionId, channel: body.channel }),
);
