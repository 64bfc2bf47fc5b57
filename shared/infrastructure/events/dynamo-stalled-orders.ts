import { GetCommand, paginateQuery, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { storedOrderEventSchema, type StoredOrderEvent } from '#shared/contracts/order-events.ts';
import type { StalledOrderFinder } from '#shared/domain/messaging/ports.ts';
import { orderEventsAfter, paymentKey } from '#shared/infrastructure/dynamodb/keys.ts';
import { pendingPaymentIdPages } from '#shared/infrastructure/orders/pending-payment-pages.ts';

export interface DynamoStalledOrdersDeps {
  client: DynamoDBDocumentClient;
  tableName: string;
}

/**
 * The reconciler's reads, no Scan: orders awaiting payment placed before the cutoff (`pendingPaymentIdPages`), one
 * GetItem of each candidate's PAYMENT item (the saga claims it before it charges), and the order's event items. GSI
 * reads are eventually consistent: a stale candidate only gets its events published once more, which consumers ignore.
 */
export const dynamoStalledOrders = ({ client, tableName }: DynamoStalledOrdersDeps): StalledOrderFinder => ({
  async placedBefore(cutoff, limit) {
    const stalled: string[] = [];
    for await (const ids of pendingPaymentIdPages({ client, tableName }, cutoff, limit)) {
      const paid = await Promise.all(
        ids.map(async (id) => {
          const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: paymentKey(id), ProjectionExpression: 'PK' }));
          return Item !== undefined;
        }),
      );
      stalled.push(...ids.filter((_id, index) => !paid[index]).slice(0, limit - stalled.length));
      if (stalled.length >= limit) break;
    }
    return stalled;
  },

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
});
