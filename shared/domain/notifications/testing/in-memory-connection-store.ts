import type { Channel } from '../channels.ts';
import { admitConnection, ConnectionLimitError, isLive, type Connection, type ConnectionLimits } from '../connection.ts';
import type { ConnectionStore } from '../ports.ts';

/** The fake: the same limits as the table adapter, kept in maps. */
export class InMemoryConnectionStore implements ConnectionStore {
  readonly connections = new Map<string, Connection>();

  async open(connection: Connection, limits: ConnectionLimits, now: Date): Promise<void> {
    const slots = Object.fromEntries(
      [...this.connections.values()].filter((c) => c.userId === connection.userId).map((c) => [c.connectionId, c.expiresAt]),
    );
    if (!admitConnection(slots, connection, now, limits.perUser).admitted) throw new ConnectionLimitError('user');
    if (this.connections.size >= limits.stage) throw new ConnectionLimitError('stage');
    this.connections.set(connection.connectionId, structuredClone(connection));
  }

  async close(connectionId: string): Promise<Connection | undefined> {
    const connection = this.connections.get(connectionId);
    this.connections.delete(connectionId);
    return connection;
  }

  async get(connectionId: string): Promise<Connection | undefined> {
    const connection = this.connections.get(connectionId);
    return connection && structuredClone(connection);
  }

  async subscribe(connectionId: string, channel: Channel): Promise<boolean> {
    const connection = this.connections.get(connectionId);
    if (!connection) return false;
    if (!connection.channels.includes(channel)) connection.channels.push(channel);
    return true;
  }

  async unsubscribe(connectionId: string, channel: Channel): Promise<boolean> {
    const connection = this.connections.get(connectionId);
    if (!connection) return false;
    connection.channels = connection.channels.filter((c) => c !== channel);
    return true;
  }

  async listByUser(userId: string, now: Date): Promise<Connection[]> {
    return [...this.connections.values()].filter((c) => c.userId === userId && isLive(c, now)).map((c) => structuredClone(c));
  }

  async listByChannel(channel: Channel, now: Date): Promise<Connection[]> {
    return [...this.connections.values()].filter((c) => c.channels.includes(channel) && isLive(c, now)).map((c) => structuredClone(c));
  }
}
