import { defaultRoute } from '#shared/application/notifications/default-route.ts';
import { websocketRoute } from '#shared/middleware/websocket/route.ts';

/** $default: malformed JSON or an unknown action gets a `bad_request` frame. */
export const handler = websocketRoute({ kind: 'message' }, () => defaultRoute());
