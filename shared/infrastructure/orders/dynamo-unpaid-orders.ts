import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { UnpaidOrderFinder } from '#shared/domain/orders/ports.ts';
import { openOrdersBefore } from './open-orders-walk.ts';

/**
 * Orders past their payment deadline, oldest first: a walk of the order ledger (`openOrdersBefore`) that reads only
 * orders not yet known to be settled; the sweep decides on each order as it loads it, so a stale answer is a no-op.
 */
export const dynamoUnpaidOrders = (deps: {
  client: DynamoDBDocumentClient;
  tableName: string;
  clock: { now(): Date };
}): UnpaidOrderFinder => ({
  placedBefore: (cutoff, limit) =>
    openOrdersBefore(deps, {
      name: 'payment-deadline',
      cutoff,
      limit,
      open: async (orders) => new Set(orders.filter((order) => order.status === 'PENDING_PAYMENT').map((order) => order.id)),
    }),
});
