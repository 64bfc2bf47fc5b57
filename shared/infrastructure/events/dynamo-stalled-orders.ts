import { paginateQuery, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { storedOrderEventSchema, type StoredOrderEvent } from '#shared/contracts/order-events.ts';
import type { StalledOrderFinder } from '#shared/domain/messaging/ports.ts';
import { orderEventsAfter, paymentKey } from '#shared/infrastructure/dynamodb/keys.ts';
import type { Order } from '#shared/domain/orders/order.ts';
import { batchGetAll } from '#shared/infrastructure/dynamodb/batch-get.ts';
import { openOrdersBefore } from '#shared/infrastructure/orders/open-orders-walk.ts';

export interface DynamoStalledOrdersDeps {
  client: DynamoDBDocumentClient;
  tableName: string;
  clock: { now(): Date };
}

/**
 * The reconciler's reads, no Scan: a walk of the order ledger (`openOrdersBefore`, its own checkpoint) for orders
 * awaiting payment placed before the cutoff whose PAYMENT item does not exist (the saga claims it before it charges;
 * one BatchGetItem per page of candidates), and the order's event items. An order that is paid, cancelled or claimed
 * never stalls again, so the checkpoint passes it. A stale candidate only gets its events published once more, which
 * consumers ignore.
 */
export const dynamoStalledOrders = (deps: DynamoStalledOrdersDeps): StalledOrderFinder => {
  const { client, tableName } = deps;
  const unclaimed = async (orders: readonly Order[]): Promise<Set<string>> => {
    const pending = orders.filter((order) => order.status === 'PENDING_PAYMENT').map((order) => order.id);
    const claimed = await batchGetAll(client, tableName, pending.map(paymentKey), {
      attributes: ['PK'],
      exhausted: (unread) => new Error(`${unread} payment items left unread`),
    });
    const claimedPartitions = new Set(claimed.map((item) => String(item.PK)));
    return new Set(pending.filter((id) => !claimedPartitions.has(paymentKey(id).PK)));
  };
  return {
    placedBefore: (cutoff, limit) => openOrdersBefore(deps, { name: 'reconciler', cutoff, limit, open: unclaimed }),

    async events(orderId) {
      const range = orderEventsAfter(orderId, 0);
      const events: StoredOrderEvent[] = [];
      const pages = paginateQuery(
        { client },
        {
          TableName: tableName,
          KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
          ExpressionAttributeValues: { ':pk': range.PK, ':from': range.from, ':to': range.to },
          ConsistentRead: true,
        },
      );
      for await (const page of pages) events.push(...(page.Items ?? []).map((item) => storedOrderEventSchema.parse(item)));
      return events;
    },
  };
};
