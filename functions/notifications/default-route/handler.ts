import { ValidationError } from '#shared/domain/errors.ts';
import { websocketRoute } from '#shared/middleware/websocket/route.ts';

/** $default: malformed JSON or an unknown action; the answer is a `bad_request` frame and the connection stays open. */
export const handler = websocketRoute({ kind: 'message' }, async () => {
  throw new ValidationError('Unknown action: send { "action": "subscribe" | "unsubscribe" | "ping", ... }.');
});
