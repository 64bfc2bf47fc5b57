import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { isChannel, type Channel } from '#shared/domain/notifications/channels.ts';
import {
  admitConnection,
  ConnectionLimitError,
  isLive,
  type Connection,
  type ConnectionSlots,
} from '#shared/domain/notifications/connection.ts';
import type { ConnectionStore } from '#shared/domain/notifications/ports.ts';
import {
  channelIndexKey,
  channelPartition,
  CONNECTION_SORT_PREFIX,
  connectionCounterKey,
  connectionKey,
  connectionSlotsKey,
  stamp,
  userConnectionsIndexKey,
  userConnectionsPartition,
} from '#shared/infrastructure/dynamodb/keys.ts';

interface Deps {
  client: DynamoDBDocumentClient;
  tableName: string;
}

const isConditionFailure = (error: unknown) => error instanceof ConditionalCheckFailedException;

const fromItem = (item: Record<string, unknown>): Connection => ({
  connectionId: String(item.connectionId),
  userId: String(item.userId),
  roles: (item.roles as string[]) ?? [],
  channels: ((item.channels as string[]) ?? []).filter(isChannel),
  connectedAt: String(item.connectedAt),
  expiresAt: Number(item.expiresAt),
});

const toItem = (connection: Connection) => ({
  ...connectionKey(connection.connectionId),
  ...userConnectionsIndexKey(connection.userId, connection.connectionId),
  ...stamp('Connection'),
  ...connection,
});

/** The per-user slots item: read, admit, write back only if nobody else wrote in between. */
const takeSlot = async ({ client, tableName }: Deps, connection: Connection, limit: number, now: Date): Promise<void> => {
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const { Item } = await client.send(
      new GetCommand({ TableName: tableName, Key: connectionSlotsKey(connection.userId), ConsistentRead: true }),
    );
    const admission = admitConnection((Item?.slots as ConnectionSlots) ?? {}, connection, now, limit);
    if (!admission.admitted) throw new ConnectionLimitError('user');
    try {
      await client.send(
        new PutCommand({
          TableName: tableName,
          Item: {
            ...connectionSlotsKey(connection.userId),
            ...stamp('ConnectionSlots'),
            slots: admission.slots,
            rev: ((Item?.rev as number) ?? 0) + 1,
            expiresAt: connection.expiresAt,
          },
          ...(Item
            ? { ConditionExpression: 'rev = :rev', ExpressionAttributeValues: { ':rev': Item.rev } }
            : { ConditionExpression: 'attribute_not_exists(PK)' }),
        }),
      );
      return;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }
  throw new ConnectionLimitError('user');
};

const releaseSlot = async ({ client, tableName }: Deps, userId: string, connectionId: string): Promise<void> => {
  try {
    await client.send(
      new UpdateCommand({
        TableName: tableName,
        Key: connectionSlotsKey(userId),
        UpdateExpression: 'REMOVE slots.#id SET rev = rev + :one',
        ConditionExpression: 'attribute_exists(PK)',
        ExpressionAttributeNames: { '#id': connectionId },
        ExpressionAttributeValues: { ':one': 1 },
      }),
    );
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
};

const countOpen = async ({ client, tableName }: Deps, delta: 1 | -1, ceiling?: number): Promise<boolean> => {
  try {
    await client.send(
      new UpdateCommand({
        TableName: tableName,
        Key: connectionCounterKey(),
        UpdateExpression: 'ADD #open :delta SET entity = :entity, v = :v',
        ConditionExpression: delta > 0 ? 'attribute_not_exists(#open) OR #open < :ceiling' : '#open > :zero',
        ExpressionAttributeNames: { '#open': 'open' },
        ExpressionAttributeValues: {
          ':delta': delta,
          ':entity': 'ConnectionCounter',
          ':v': 1,
          ...(delta > 0 ? { ':ceiling': ceiling } : { ':zero': 0 }),
        },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
};

const queryAll = async ({ client, tableName }: Deps, indexName: 'GSI1' | 'GSI2', partition: string, now: Date): Promise<Connection[]> => {
  const connections: Connection[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await client.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: indexName,
        KeyConditionExpression: `${indexName}PK = :pk AND begins_with(${indexName}SK, :conn)`,
        ExpressionAttributeValues: { ':pk': partition, ':conn': CONNECTION_SORT_PREFIX },
        ExclusiveStartKey,
      }),
    );
    connections.push(...(page.Items ?? []).map(fromItem).filter((connection) => isLive(connection, now)));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return connections;
};

/**
 * One item per connection (TTL at API Gateway's two-hour maximum), found by user on GSI1 and by channel on GSI2.
 * Opening takes a per-user slot, then a place under the stage ceiling, then writes the item, undoing the earlier
 * steps if a later one fails. The ceiling counter is decremented when an item is deleted by us; a connection that
 * expires without a $disconnect leaves it one too high (API Gateway sends $disconnect on every close it sees).
 */
export const dynamoConnectionStore = (deps: Deps): ConnectionStore => ({
  async open(connection, limits, now) {
    await takeSlot(deps, connection, limits.perUser, now);
    if (!(await countOpen(deps, 1, limits.stage))) {
      await releaseSlot(deps, connection.userId, connection.connectionId);
      throw new ConnectionLimitError('stage');
    }
    try {
      await deps.client.send(new PutCommand({ TableName: deps.tableName, Item: toItem(connection) }));
    } catch (error) {
      await Promise.allSettled([releaseSlot(deps, connection.userId, connection.connectionId), countOpen(deps, -1)]);
      throw error;
    }
  },

  async close(connectionId) {
    const { Attributes } = await deps.client.send(
      new DeleteCommand({ TableName: deps.tableName, Key: connectionKey(connectionId), ReturnValues: 'ALL_OLD' }),
    );
    if (!Attributes) return undefined;
    const connection = fromItem(Attributes);
    await Promise.all([releaseSlot(deps, connection.userId, connectionId), countOpen(deps, -1)]);
    return connection;
  },

  async get(connectionId) {
    const { Item } = await deps.client.send(
      new GetCommand({ TableName: deps.tableName, Key: connectionKey(connectionId), ConsistentRead: true }),
    );
    return Item ? fromItem(Item) : undefined;
  },

  async subscribe(connectionId, channel: Channel) {
    try {
      await deps.client.send(
        new UpdateCommand({
          TableName: deps.tableName,
          Key: connectionKey(connectionId),
          UpdateExpression: 'SET channels = :channels, GSI2PK = :pk, GSI2SK = :sk',
          ConditionExpression: 'attribute_exists(PK)',
          ExpressionAttributeValues: {
            ':channels': [channel],
            ':pk': channelIndexKey(channel, connectionId).GSI2PK,
            ':sk': channelIndexKey(channel, connectionId).GSI2SK,
          },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  },

  async unsubscribe(connectionId) {
    try {
      await deps.client.send(
        new UpdateCommand({
          TableName: deps.tableName,
          Key: connectionKey(connectionId),
          UpdateExpression: 'SET channels = :none REMOVE GSI2PK, GSI2SK',
          ConditionExpression: 'attribute_exists(PK)',
          ExpressionAttributeValues: { ':none': [] },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  },

  listByUser: (userId, now) => queryAll(deps, 'GSI1', userConnectionsPartition(userId), now),
  listByChannel: (channel, now) => queryAll(deps, 'GSI2', channelPartition(channel), now),
});
