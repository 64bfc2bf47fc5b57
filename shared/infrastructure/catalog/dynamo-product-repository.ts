import { ConditionalCheckFailedException, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { STOCK_MOVE_MARKER } from '#shared/contracts/product-changes.ts';
import type { ProductRepository } from '#shared/domain/catalog/ports.ts';
import { applyStockDelta, assertEditable, type ProductChanges } from '#shared/domain/catalog/product.ts';
import { ConflictError, NotFoundError, ValidationError } from '#shared/domain/errors.ts';
import type { SignedCursors } from '#shared/infrastructure/dynamodb/signed-cursor.ts';
import { CATALOG_INDEX_PARTITION, isProductPartition, productKey } from '#shared/infrastructure/dynamodb/keys.ts';
import { fromProductItem, toProductItem } from './product-item.ts';
import { productUpdateParams } from './product-update.ts';

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

/** Why a conditional write failed, told from the item as it was: absent, archived, or the stock rule. */
const refusal = (error: ConditionalCheckFailedException, changes: ProductChanges): Error => {
  if (!error.Item) return new NotFoundError('Product not found.', { cause: error });
  const old = fromProductItem(unmarshall(error.Item as Record<string, AttributeValue>));
  try {
    assertEditable(old);
    if (changes.stockDelta !== undefined) applyStockDelta(old.stock, changes.stockDelta);
  } catch (domainError) {
    return domainError as Error;
  }
  return new ConflictError('The product changed meanwhile; retry.', { cause: error });
};

/** Products in the single table. Every change is one conditional write; nothing is read-modify-written. */
export const dynamoProductRepository = ({ client, tableName, cursors }: DynamoProductRepositoryDeps): ProductRepository => ({
  async create(product) {
    try {
      await client.send(
        new PutCommand({ TableName: tableName, Item: toProductItem(product), ConditionExpression: 'attribute_not_exists(PK)' }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) throw new ConflictError('A product with this id exists.', { cause: error });
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
    return { items: items.map(fromProductItem), nextCursor: next ? cursors!.seal(next) : null };
  },

  async update(id, changes, now) {
    try {
      const { Attributes } = await client.send(new UpdateCommand(productUpdateParams(tableName, id, changes, now)));
      return fromProductItem(Attributes!);
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) throw refusal(error, changes);
      throw error;
    }
  },

  async archive(id, now) {
    try {
      const { Attributes } = await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: productKey(id),
          UpdateExpression: 'SET #status = :archived, #version = #version + :one, #updatedAt = :now REMOVE GSI1PK, GSI1SK, #moved',
          ConditionExpression: 'attribute_exists(PK) AND #status = :active',
          ExpressionAttributeNames: { '#status': 'status', '#version': 'version', '#updatedAt': 'updatedAt', '#moved': STOCK_MOVE_MARKER },
          ExpressionAttributeValues: { ':archived': 'ARCHIVED', ':active': 'ACTIVE', ':one': 1, ':now': now },
          ReturnValues: 'ALL_NEW',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return fromProductItem(Attributes!);
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      if (!error.Item) throw new NotFoundError('Product not found.', { cause: error });
      return fromProductItem(unmarshall(error.Item as Record<string, AttributeValue>));
    }
  },
});
