import type { UpdateCommandInput } from '@aws-sdk/lib-dynamodb';
import { STOCK_MOVE_MARKER } from '#shared/contracts/product-changes.ts';
import { MAX_STOCK, type ProductChanges } from '#shared/domain/catalog/product.ts';
import { catalogEntryKey, catalogIndexKey, productKey } from '#shared/infrastructure/dynamodb/keys.ts';

/**
 * One UpdateItem for an admin edit: only the attributes that change are set, and the stock moves relatively
 * (`stock = stock + :delta`) under a condition that keeps it in 0..MAX_STOCK. Nothing is read first, so a
 * concurrent order reservation can never be overwritten. A new name moves a v1 product item (`indexed`, it carries
 * its own catalog index keys) in the catalog index; a v2 product's catalog entry is re-keyed beside it (`catalogEntryRename`).
 */
export const productUpdateParams = (
  tableName: string,
  id: string,
  changes: ProductChanges,
  now: string,
  { indexed }: { indexed: boolean } = { indexed: true },
): UpdateCommandInput => {
  const sets = ['#version = #version + :one', '#updatedAt = :now'];
  const conditions = ['attribute_exists(PK)', '#status = :active'];
  const names: Record<string, string> = {
    '#version': 'version',
    '#updatedAt': 'updatedAt',
    '#status': 'status',
    '#moved': STOCK_MOVE_MARKER,
  };
  const values: Record<string, unknown> = { ':one': 1, ':now': now, ':active': 'ACTIVE' };
  const set = (attribute: string, value: unknown) => {
    names[`#${attribute}`] = attribute;
    values[`:${attribute}`] = value;
    sets.push(`#${attribute} = :${attribute}`);
  };
  if (changes.name !== undefined) {
    set('name', changes.name);
    if (indexed) set('GSI1SK', catalogIndexKey(changes.name, id).GSI1SK);
  }
  if (changes.description !== undefined) set('description', changes.description);
  if (changes.price !== undefined) set('price', { amount: changes.price.amount, currency: changes.price.currency });
  if (changes.stockDelta !== undefined) {
    names['#stock'] = 'stock';
    Object.assign(values, {
      ':delta': changes.stockDelta,
      ':minStock': Math.max(0, -changes.stockDelta),
      ':maxStock': MAX_STOCK - changes.stockDelta,
    });
    names['#stockAdded'] = 'stockAdded';
    values[':zero'] = 0;
    sets.push('#stock = #stock + :delta', '#stockAdded = if_not_exists(#stockAdded, :zero) + :delta');
    conditions.push('#stock BETWEEN :minStock AND :maxStock');
  }
  return {
    TableName: tableName,
    Key: productKey(id),
    // A catalog write clears the orders' stock-move marker, so its change reaches the cache invalidation.
    UpdateExpression: `SET ${sets.join(', ')} REMOVE #moved`,
    ConditionExpression: conditions.join(' AND '),
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
    ReturnValues: 'ALL_NEW',
    ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
  };
};

/** The catalog entry's new sort key after a rename, in the same transaction as the product's update; absent for v1. */
export const catalogEntryRename = (tableName: string, id: string, name: string) => ({
  TableName: tableName,
  Key: catalogEntryKey(id),
  UpdateExpression: 'SET GSI1SK = :sortKey',
  ConditionExpression: 'attribute_exists(PK)',
  ExpressionAttributeValues: { ':sortKey': catalogIndexKey(name, id).GSI1SK },
});
