import { createHash } from 'node:crypto';
import { BatchWriteCommand, GetCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { CatalogPage, CatalogPageCache, PagePosition } from '#shared/domain/catalog/ports.ts';
import type { Clock } from '#shared/domain/clock.ts';
import { CATALOG_CACHE_PARTITION, catalogPageKey, stamp } from '#shared/infrastructure/dynamodb/keys.ts';

export interface DynamoCatalogPageCacheDeps {
  client: DynamoDBDocumentClient;
  tableName: string;
  clock: Clock;
  ttlSeconds: number;
}

// One item per limit and depth, whatever the cursor: the number of page items is bounded by the key design. The
// item says which cursor it answers (hashed, a short value of bounded size); another cursor at that slot misses.
const pageKey = ({ limit, depth }: PagePosition) => catalogPageKey(limit, depth);
const cursorHash = (cursor: string | undefined) =>
  cursor === undefined ? 'FIRST' : createHash('sha256').update(cursor).digest('base64url');

const BATCH = 25;
const MAX_ATTEMPTS = 5;

/**
 * L2: each page of the public catalog stored as one item, read with one GetItem. `expiresAt` drives the table TTL,
 * and is checked on read too, since DynamoDB deletes expired items lazily.
 */
export const dynamoCatalogPageCache = ({ client, tableName, clock, ttlSeconds }: DynamoCatalogPageCacheDeps): CatalogPageCache => {
  const nowSeconds = () => Math.floor(clock.now().getTime() / 1000);

  const deleteKeys = async (keys: Record<string, unknown>[]) => {
    let pending = keys.map((Key) => ({ DeleteRequest: { Key } }));
    for (let attempt = 1; pending.length > 0; attempt += 1) {
      if (attempt > MAX_ATTEMPTS) throw new Error(`${pending.length} catalog pages left undeleted after ${MAX_ATTEMPTS} attempts`);
      if (attempt > 1) await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt * Math.random()));
      const { UnprocessedItems } = await client.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending } }));
      pending = (UnprocessedItems?.[tableName] ?? []).map((request) => ({ DeleteRequest: { Key: request.DeleteRequest!.Key! } }));
    }
  };

  return {
    async get(position) {
      const { Item } = await client.send(
        new GetCommand({ TableName: tableName, Key: pageKey(position), ProjectionExpression: 'body, expiresAt, cursorHash' }),
      );
      if (!Item || typeof Item.body !== 'string' || Number(Item.expiresAt) <= nowSeconds()) return undefined;
      if (Item.cursorHash !== cursorHash(position.cursor)) return undefined;
      return JSON.parse(Item.body) as CatalogPage;
    },

    async put(position, page) {
      const builtAt = clock.now();
      await client.send(
        new PutCommand({
          TableName: tableName,
          Item: {
            ...pageKey(position),
            ...stamp('CatalogPage'),
            cursorHash: cursorHash(position.cursor),
            body: JSON.stringify(page),
            builtAt: builtAt.toISOString(),
            expiresAt: nowSeconds() + ttlSeconds,
          },
        }),
      );
    },

    async clear() {
      let deleted = 0;
      let startKey: Record<string, unknown> | undefined;
      do {
        const { Items = [], LastEvaluatedKey } = await client.send(
          new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: 'PK = :cache',
            ExpressionAttributeValues: { ':cache': CATALOG_CACHE_PARTITION },
            ProjectionExpression: 'PK, SK',
            ExclusiveStartKey: startKey,
          }),
        );
        for (let index = 0; index < Items.length; index += BATCH) await deleteKeys(Items.slice(index, index + BATCH));
        deleted += Items.length;
        startKey = LastEvaluatedKey;
      } while (startKey);
      return deleted;
    },
  };
};
