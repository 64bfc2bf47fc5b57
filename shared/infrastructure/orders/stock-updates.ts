import { productKey } from '#shared/infrastructure/dynamodb/keys.ts';
import { STOCK_MOVE_MARKER } from '#shared/contracts/product-changes.ts';
import type { StockMove } from '#shared/domain/orders/stock.ts';

/**
 * One product's stock move inside the order's transaction. A reservation needs the product active and enough
 * stock; a release is a plain ADD. Both bump the product's `version`, so a catalog write that is conditional on the
 * version it read cannot overwrite the stock we moved. Both mark the item as moved by an order (STOCK_MOVE_MARKER), which
 * keeps catalog pages cached: stock on them is display-only.
 */
export const stockUpdate = (tableName: string, { productId, delta }: StockMove, now: string) => {
  const update = {
    TableName: tableName,
    Key: productKey(productId),
    UpdateExpression: 'ADD stock :delta, #version :one SET updatedAt = :now, #moved = :orders',
    ExpressionAttributeNames: { '#version': 'version', '#moved': STOCK_MOVE_MARKER } as Record<string, string>,
    ExpressionAttributeValues: { ':delta': delta, ':one': 1, ':now': now, ':orders': 'orders' } as Record<string, unknown>,
  };
  if (delta >= 0) return { Update: update };
  return {
    Update: {
      ...update,
      ConditionExpression: 'attribute_exists(PK) AND #status = :active AND stock >= :wanted',
      ExpressionAttributeNames: { ...update.ExpressionAttributeNames, '#status': 'status' },
      ExpressionAttributeValues: { ...update.ExpressionAttributeValues, ':active': 'ACTIVE', ':wanted': -delta },
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
    },
  };
};
