import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { isChannel, type Channel } from '#shared/domain/notifications/channels.ts';
import {
  admitConnection,
  COUNT_BUCKET_SECONDS,
  countBucketOf,
  ConnectionLimitError,
  firstCountedBucket,
  isLive,
  type Connection,
  type ConnectionSlots,
} from '#shared/domain/notifications/connection.ts';
import type { ConnectionStore } from '#shared/domain/notifications/ports.ts';
import {
  channelIndexKey,
  channelPartition,
  CONNECTION_COUNT_PARTITION,
  CONNECTION_SORT_PREFIX,
  connectionCountKey,
  connectionCountSortKey,
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

/** Moves the count of the connection's expiry bucket; the bucket item outlives its span by an hour, then TTL takes it. */
const count = async ({ client, tableName }: Deps, expiresAt: number, delta: 1 | -1): Promise<void> => {
  const bucket = countBucketOf(expiresAt);
  try {
    await client.send(
      new UpdateCommand({
        TableName: tableName,
        Key: connectionCountKey(bucket),
        UpdateExpression: 'ADD #open :delta SET entity = :entity, v = :v, expiresAt = :ttl',
        ...(delta < 0 ? { ConditionExpression: '#open > :zero' } : {}),
        ExpressionAttributeNames: { '#open': 'open' },
        ExpressionAttributeValues: {
          ':delta': delta,
          ':entity': 'ConnectionCount',
          ':v': 1,
          ':ttl': bucket + COUNT_BUCKET_SECONDS + 3600,
          ...(delta < 0 ? { ':zero': 0 } : {}),
        },
      }),
    );
  } catch (error) {
    // A bucket already gone (TTL) or at zero has nothing left to take back.
    if (!isConditionFailure(error)) throw error;
  }
};

/** Connections counted at `now`: the buckets whose span is not wholly past (at most 25 small items, one partition). */
const counted = async ({ client, tableName }: Deps, now: Date): Promise<number> => {
  let total = 0;
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await client.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'PK = :pk AND SK >= :from',
        ExpressionAttributeValues: { ':pk': CONNECTION_COUNT_PARTITION, ':from': connectionCountSortKey(firstCountedBucket(now)) },
        ProjectionExpression: '#open',
        ExpressionAttributeNames: { '#open': 'open' },
        ConsistentRead: true,
        ExclusiveStartKey,
      }),
    );
    total += (page.Items ?? []).reduce((sum, item) => sum + Number(item.open ?? 0), 0);
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return total;
};

/**
 * Counts first, then checks: a connection is admitted only if the count it reads, its own included, is within the
 * ceiling. Racing upgrades may both back out near the ceiling, never both exceed it.
 */
const admitUnderCeiling = async (deps: Deps, connection: Connection, ceiling: number, now: Date): Promise<boolean> => {
  await count(deps, connection.expiresAt, 1);
  if ((await counted(deps, now)) <= ceiling) return true;
  await count(deps, connection.expiresAt, -1);
  return false;
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
 * steps if a later one fails. The ceiling counts connections per expiry bucket: closing takes one off its bucket,
 * and a connection that expires without a close stops counting when its bucket's span is past (`COUNT_BUCKET_SECONDS`).
 */
export const dynamoConnectionStore = (deps: Deps): ConnectionStore => ({
  async open(connection, limits, now) {
    await takeSlot(deps, connection, limits.perUser, now);
    if (!(await admitUnderCeiling(deps, connection, limits.stage, now))) {
      await releaseSlot(deps, connection.userId, connection.connectionId);
      throw new ConnectionLimitError('stage');
    }
    try {
      await deps.client.send(new PutCommand({ TableName: deps.tableName, Item: toItem(connection) }));
    } catch (error) {
      await Promise.allSettled([releaseSlot(deps, connection.userId, connection.connectionId), count(deps, connection.expiresAt, -1)]);
      throw error;
    }
  },

  async close(connectionId) {
    const { Attributes } = await deps.client.send(
      new DeleteCommand({ TableName: deps.tableName, Key: connectionKey(connectionId), ReturnValues: 'ALL_OLD' }),
    );
    if (!Attributes) return undefined;
    const connection = fromItem(Attributes);
    await Promise.all([releaseSlot(deps, connection.userId, connectionId), count(deps, connection.expiresAt, -1)]);
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
