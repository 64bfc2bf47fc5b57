import { ConditionalCheckFailedException, TransactionCanceledException, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { STOCK_MOVE_MARKER } from '#shared/contracts/product-changes.ts';
import type { ProductRepository } from '#shared/domain/catalog/ports.ts';
import { applyStockDelta, assertEditable, type ProductChanges } from '#shared/domain/catalog/product.ts';
import { ConflictError, NotFoundError, UnavailableError, ValidationError } from '#shared/domain/errors.ts';
import type { SignedCursors } from '#shared/infrastructure/dynamodb/signed-cursor.ts';
import { batchGetAll } from '#shared/infrastructure/dynamodb/batch-get.ts';
import { CATALOG_INDEX_PARTITION, catalogEntryKey, isProductPartition, productKey } from '#shared/infrastructure/dynamodb/keys.ts';
import { fromProductItem, isCatalogEntry, toCatalogEntryItem, toProductItem } from './product-item.ts';
import { catalogEntryRename, productUpdateParams } from './product-update.ts';

export interface DynamoProductRepositoryDeps {
  client: DynamoDBDocumentClient;
  tableName: string;
  /**
   * The public list's cursors, signed with the stage's secret (`signedCursors(secret, CATALOG_CURSOR_PURPOSE)`).
   * Only a repository that lists needs them; without, `listActive` and `pageDepth` throw.
   */
  cursors?: SignedCursors | undefined;
}

/** What the catalog list's cursor signatures are bound to: a cursor of another list never opens this one. */
export const CATALOG_CURSOR_PURPOSE = 'catalog:list';

const CURSOR_KEYS = ['PK', 'SK', 'GSI1PK', 'GSI1SK'] as const;

// The signature proves we issued it; the key checks keep a leaked secret from reaching outside the catalog index.
const openCursor = (cursors: SignedCursors | undefined, cursor: string | undefined) => {
  if (!cursors) throw new Error('This product repository was built without cursor signing: it cannot list');
  if (cursor === undefined) return undefined;
  const position = cursors.open(cursor, CURSOR_KEYS);
  if (position.key.GSI1PK !== CATALOG_INDEX_PARTITION || !isProductPartition(position.key.PK)) {
    throw new ValidationError('The cursor is invalid.', { issues: [{ path: 'query.cursor', message: 'Not a cursor from this list' }] });
  }
  return position;
};

/** Why a conditional write failed, told from the item as it was (`oldItem`): absent, archived, or the stock rule. */
const refusal = (error: Error, oldItem: Record<string, AttributeValue> | undefined, changes: ProductChanges): Error => {
  if (!oldItem) return new NotFoundError('Product not found.', { cause: error });
  const old = fromProductItem(unmarshall(oldItem));
  try {
    assertEditable(old);
    if (changes.stockDelta !== undefined) applyStockDelta(old.stock, changes.stockDelta);
  } catch (domainError) {
    return domainError as Error;
  }
  return new ConflictError('The product changed meanwhile; retry.', { cause: error });
};

const catalogBusy = () => new UnavailableError('The catalog is busy; retry shortly.', { retryAfterSeconds: 1 });

/** Product items by id (eventually consistent, like the index Query they follow). */
const productsById = async (
  client: DynamoDBDocumentClient,
  tableName: string,
  ids: string[],
): Promise<Map<string, Record<string, unknown>>> => {
  const items = await batchGetAll(client, tableName, ids.map(productKey), { exhausted: catalogBusy });
  return new Map(items.map((item) => [String(item.id), item]));
};

/** The one cancellation reason that was a failed condition, with the item as it was (ALL_OLD). */
const failedCondition = (error: TransactionCanceledException, index: number) => {
  const reason = error.CancellationReasons?.[index];
  return reason?.Code === 'ConditionalCheckFailed' ? { item: reason.Item } : undefined;
};

/**
 * Products in the single table. Every change is conditional; nothing is read-modify-written. A v2 product (see
 * product-item.ts) is two items: the product, which orders move stock on and which is in no index, and its catalog
 * entry, the product's place in the catalog index; they are created, renamed and archived together in a transaction.
 */
export const dynamoProductRepository = ({ client, tableName, cursors }: DynamoProductRepositoryDeps): ProductRepository => ({
  async create(product) {
    const puts = [toProductItem(product), ...(product.status === 'ACTIVE' ? [toCatalogEntryItem(product)] : [])];
    try {
      await client.send(
        new TransactWriteCommand({
          TransactItems: puts.map((Item) => ({ Put: { TableName: tableName, Item, ConditionExpression: 'attribute_not_exists(PK)' } })),
        }),
      );
    } catch (error) {
      if (error instanceof TransactionCanceledException && error.CancellationReasons?.some((r) => r.Code === 'ConditionalCheckFailed'))
        throw new ConflictError('A product with this id exists.', { cause: error });
      throw error;
    }
  },

  // Strongly consistent: a product answered 201 is readable at once; L1 absorbs the extra read cost.
  async get(id) {
    const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: productKey(id), ConsistentRead: true }));
    return Item ? fromProductItem(Item) : undefined;
  },

  // One item more than asked tells whether a next page exists, so the last page never hands out a dead cursor.
  pageDepth(cursor) {
    return openCursor(cursors, cursor)?.depth ?? 0;
  },

  async listActive({ limit, cursor }) {
    const position = openCursor(cursors, cursor);
    const { Items = [] } = await client.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: 'GSI1',
        KeyConditionExpression: 'GSI1PK = :catalog',
        ExpressionAttributeValues: { ':catalog': CATALOG_INDEX_PARTITION },
        Limit: limit + 1,
        ExclusiveStartKey: position?.key,
      }),
    );
    const items = Items.slice(0, limit);
    const last = Items.length > limit ? items.at(-1) : undefined;
    const next = last && { key: Object.fromEntries(CURSOR_KEYS.map((name) => [name, last[name]])), depth: (position?.depth ?? 0) + 1 };
    // A catalog entry holds only the product's place: the product item (stock included) is read for what is shown.
    const entries = items.filter(isCatalogEntry).map((item) => String(item.id));
    const stored = entries.length > 0 ? await productsById(client, tableName, entries) : new Map<string, Record<string, unknown>>();
    const shown = items.flatMap((item) => {
      const product = isCatalogEntry(item) ? stored.get(String(item.id)) : item;
      return product && product.status === 'ACTIVE' ? [fromProductItem(product)] : [];
    });
    return { items: shown, nextCursor: next ? cursors!.seal(next) : null };
  },

  async update(id, changes, now) {
    // A rename of a v2 product re-keys its catalog entry in the same transaction; a v1 product (no entry) is renamed
    // in place, as it was written. Every other edit is one UpdateItem of the product item.
    if (changes.name !== undefined) {
      const { ReturnValues: _all, ...product } = productUpdateParams(tableName, id, changes, now, { indexed: false });
      try {
        await client.send(
          new TransactWriteCommand({
            TransactItems: [{ Update: product as never }, { Update: catalogEntryRename(tableName, id, changes.name) }],
          }),
        );
        const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: productKey(id), ConsistentRead: true }));
        return fromProductItem(Item!);
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        const productRefused = failedCondition(error, 0);
        if (productRefused) throw refusal(error, productRefused.item, changes);
        if (!failedCondition(error, 1)) throw error;
      }
    }
    try {
      const { Attributes } = await client.send(new UpdateCommand(productUpdateParams(tableName, id, changes, now)));
      return fromProductItem(Attributes!);
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) throw refusal(error, error.Item, changes);
      throw error;
    }
  },

  // The product and its catalog entry leave the list together (a v1 product has no entry: the Delete is a no-op).
  async archive(id, now) {
    try {
      await client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: tableName,
                Key: productKey(id),
                UpdateExpression: 'SET #status = :archived, #version = #version + :one, #updatedAt = :now REMOVE GSI1PK, GSI1SK, #moved',
                ConditionExpression: 'attribute_exists(PK) AND #status = :active',
                ExpressionAttributeNames: {
                  '#status': 'status',
                  '#version': 'version',
                  '#updatedAt': 'updatedAt',
                  '#moved': STOCK_MOVE_MARKER,
                },
                ExpressionAttributeValues: { ':archived': 'ARCHIVED', ':active': 'ACTIVE', ':one': 1, ':now': now },
                ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
              },
            },
            { Delete: { TableName: tableName, Key: catalogEntryKey(id) } },
          ],
        }),
      );
    } catch (error) {
      const refused = error instanceof TransactionCanceledException ? failedCondition(error, 0) : undefined;
      if (!refused) throw error;
      if (!refused.item) throw new NotFoundError('Product not found.', { cause: error });
      return fromProductItem(unmarshall(refused.item));
    }
    const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: productKey(id), ConsistentRead: true }));
    return fromProductItem(Item!);
  },
});
