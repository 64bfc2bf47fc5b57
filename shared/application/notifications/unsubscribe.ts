import { NotFoundError } from '#shared/domain/errors.ts';
import type { Channel } from '#shared/domain/notifications/channels.ts';
import type { ServerFrame } from '#shared/domain/notifications/frames.ts';
import type { ConnectionDeps } from './deps.ts';

/** Stops following a channel; unsubscribing from a channel not followed is not an error. */
export const unsubscribe = async (
  deps: Pick<ConnectionDeps, 'connections'>,
  input: { connectionId: string; channel: Channel },
): Promise<ServerFrame> => {
  if (!(await deps.connections.unsubscribe(input.connectionId, input.channel)))
    throw new NotFoundError('This connection is not registered.');
  return { type: 'unsubscribed', channel: input.channel };
};
