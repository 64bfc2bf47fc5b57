import { ValidationError } from '#shared/domain/errors.ts';

/** $default: a frame no route claims (malformed JSON, an unknown action) is a bad request; the connection stays open. */
export const defaultRoute = async (): Promise<never> => {
  throw new ValidationError('Unknown action: send { "action": "subscribe" | "unsubscribe" | "ping", ... }.');
};
