import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { UnpaidOrderFinder } from '#shared/domain/orders/ports.ts';
import { pendingPaymentIdPages } from './pending-payment-pages.ts';

/**
 * Orders past their payment deadline, oldest first (`pendingPaymentIdPages`): the sweep reads only those, never the
 * whole table, and decides on each order as loaded, so a stale index entry is a no-op.
 */
export const dynamoUnpaidOrders = (deps: { client: DynamoDBDocumentClient; tableName: string }): UnpaidOrderFinder => ({
  async placedBefore(cutoff, limit) {
    const ids: string[] = [];
    for await (const page of pendingPaymentIdPages(deps, cutoff, limit)) {
      ids.push(...page.slice(0, limit - ids.length));
      if (ids.length >= limit) break;
    }
    return ids;
  },
});
