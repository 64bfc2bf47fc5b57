import { disconnect } from '#shared/application/notifications/disconnect.ts';
import { connectionDeps } from '#shared/composition/notifications.ts';
import { websocketRoute } from '#shared/middleware/websocket/route.ts';

/** $disconnect: forgets the connection and frees its slot. */
export const handler = websocketRoute({ kind: 'message' }, async ({ connectionId }) => {
  await disconnect(await connectionDeps(), { connectionId });
});
