import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { OrderEvent } from '#shared/domain/orders/order.ts';
import { orderEventsAfter } from '#shared/infrastructure/dynamodb/keys.ts';
import { fromEventItem } from './order-items.ts';

/**
 * Events after `afterVersion`, oldest first, consistently read unless `consistent` is false (half the read units; for
 * reads that decide nothing, such as a list, where an event committed a moment ago may be missing).
 */
export const readEvents = async (
  { client, tableName }: { client: DynamoDBDocumentClient; tableName: string },
  orderId: string,
  afterVersion = 0,
  { consistent = true }: { consistent?: boolean } = {},
): Promise<OrderEvent[]> => {
  const events: OrderEvent[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  const range = orderEventsAfter(orderId, afterVersion);
  do {
    const page = await client.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':pk': range.PK, ':from': range.from, ':to': range.to },
        ConsistentRead: consistent,
        ExclusiveStartKey,
      }),
    );
    events.push(...(page.Items ?? []).map(fromEventItem));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return events;
};
