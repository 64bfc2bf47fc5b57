import { QueryCommand, ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { publishEvents, type PublishEventsDeps } from '#shared/application/events/publish-events.ts';
import { storedOrderEventSchema, type StoredOrderEvent } from '#shared/contracts/order-events.ts';
import { orderPartition } from '#shared/infrastructure/dynamodb/keys.ts';

export interface ReplayOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
  /** ISO 8601: events that occurred at or after it. */
  since: string;
  /** Only this order's events (one Query instead of a Scan). */
  orderId?: string | undefined;
  publish: PublishEventsDeps;
  dryRun?: boolean;
}

/**
 * Re-publishes committed order events from the table (the outbox) to every consumer queue, oldest first per order.
 * Consumers are idempotent (by the order's state; payments by its PAYMENT item) and check versions, so replaying what
 * was already delivered is a no-op; what the stream never delivered (a publisher that gave up, an SQS outage) is
 * delivered now.
 */
export const replayEvents = async (options: ReplayOptions): Promise<{ events: StoredOrderEvent[]; published: number }> => {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await options.client.send(
      options.orderId
        ? new QueryCommand({
            TableName: options.tableName,
            KeyConditionExpression: 'PK = :pk AND begins_with(SK, :event)',
            ExpressionAttributeValues: { ':pk': orderPartition(options.orderId), ':event': 'EVENT#' },
            ConsistentRead: true,
            ExclusiveStartKey: startKey,
          })
        : new ScanCommand({
            TableName: options.tableName,
            FilterExpression: 'entity = :entity AND occurredAt >= :since',
            ExpressionAttributeValues: { ':entity': 'OrderEvent', ':since': options.since },
            ExclusiveStartKey: startKey,
          }),
    );
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  const events = items
    .flatMap((item) => {
      const parsed = storedOrderEventSchema.safeParse(item);
      return parsed.success && parsed.data.occurredAt >= options.since ? [parsed.data] : [];
    })
    .sort((a, b) => a.orderId.localeCompare(b.orderId) || a.version - b.version);
  let published = 0;
  if (!options.dryRun) {
    for (const event of events) {
      await publishEvents(options.publish, event);
      published += 1;
    }
  }
  return { events, published };
};
