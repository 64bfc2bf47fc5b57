// Keys of the notifications context. They join shared/infrastructure/dynamodb/keys.ts once the key module is free to edit.

/** A ticket is found by the hash of its value only: the value itself is never stored. */
export const ticketKey = (ticketHash: string) => ({ PK: `TICKET#${ticketHash}`, SK: 'TICKET' });

export const connectionKey = (connectionId: string) => ({ PK: `CONN#${connectionId}`, SK: 'CONN' });
/** A user's connections (GSI1): the worker's lookup of an order owner's sockets. */
export const userConnectionsIndexKey = (userId: string, connectionId: string) => ({ GSI1PK: `USER#${userId}`, GSI1SK: `CONN#${connectionId}` });
export const userConnectionsPartition = (userId: string) => `USER#${userId}`;
export const CONNECTION_SORT_PREFIX = 'CONN#';
/** Subscribers of a channel (GSI2): one indexed channel per connection, which is all `orders:all` needs. */
export const channelIndexKey = (channel: string, connectionId: string) => ({ GSI2PK: `CHANNEL#${channel}`, GSI2SK: `CONN#${connectionId}` });
export const channelPartition = (channel: string) => `CHANNEL#${channel}`;

/**
 * The per-user limit, kept strongly consistent in one item per user: connection id → expiry. Its own partition
 * (not USER#<id>) so the connect function's IAM can be limited to notification items by leading key.
 */
export const connectionSlotsKey = (userId: string) => ({ PK: `CONNSLOTS#${userId}`, SK: 'CONNSLOTS' });
/** The stage-wide ceiling: one counter of open connections. */
export const connectionCounterKey = () => ({ PK: 'CONNECTIONS', SK: 'COUNT' });

export type NotificationsEntity = 'Ticket' | 'Connection' | 'ConnectionSlots' | 'ConnectionCounter';
export const stampNotifications = (entity: NotificationsEntity, v = 1) => ({ entity, v });
