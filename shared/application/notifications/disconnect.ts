import type { ConnectionDeps } from './deps.ts';

/** $disconnect: forgets the connection and frees its slots; a second call finds nothing and does nothing. */
export const disconnect = async (deps: Pick<ConnectionDeps, 'connections'>, input: { connectionId: string }): Promise<void> => {
  await deps.connections.close(input.connectionId);
};
