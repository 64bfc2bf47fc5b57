import { ForbiddenError, NotFoundError } from '#shared/domain/errors.ts';
import { maySubscribe, type Channel } from '#shared/domain/notifications/channels.ts';
import type { ServerFrame } from '#shared/domain/notifications/frames.ts';
import type { ConnectionDeps } from './deps.ts';

/** Follows a channel, if the roles bound to this connection's ticket carry its permission (the same RBAC as HTTP). */
export const subscribe = async (
  deps: Pick<ConnectionDeps, 'connections'>,
  input: { connectionId: string; channel: Channel },
): Promise<ServerFrame> => {
  const connection = await deps.connections.get(input.connectionId);
  if (!connection) throw new NotFoundError('This connection is not registered.');
  if (!maySubscribe(connection.roles, input.channel)) throw new ForbiddenError(`Not allowed to follow ${input.channel}.`);
  if (!(await deps.connections.subscribe(input.connectionId, input.channel))) throw new NotFoundError('This connection is not registered.');
  return { type: 'subscribed', channel: input.channel };
};
