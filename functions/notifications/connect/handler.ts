import { connect } from '#shared/application/notifications/connect.ts';
import { connectionDeps } from '#shared/composition/notifications.ts';
import { websocketRoute } from '#shared/middleware/websocket/route.ts';

/** $connect: the ticket is consumed once; a refused ticket is 401, a limit 429, and the upgrade does not happen. */
export const handler = websocketRoute({ kind: 'upgrade' }, async ({ connectionId, event }) => {
  await connect(await connectionDeps(), { connectionId, ticket: event.queryStringParameters?.ticket });
});
