import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { OrderHistory } from '#shared/domain/notifications/ports.ts';
import { replay } from '#shared/domain/orders/order.ts';
import { orderEventKey, orderPartition } from '#shared/infrastructure/dynamodb/keys.ts';
import { fromEventItem } from '#shared/infrastructure/orders/order-items.ts';

/**
 * The order as it stood right after version `version`: its events up to that version, folded. The snapshot would
 * be one read cheaper but may already be newer than the event being notified, and the frame must say what the
 * event did (an OrderPlaced frame says PENDING_PAYMENT even when the order is PAID by the time it is sent).
 */
export const dynamoOrderHistory = ({ client, tableName }: { client: DynamoDBDocumentClient; tableName: string }): OrderHistory => ({
  async stateAt(orderId, version) {
    const { Items = [] } = await client.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
        ExpressionAttributeValues: {
          ':pk': orderPartition(orderId),
          ':from': orderEventKey(orderId, 1).SK,
          ':to': orderEventKey(orderId, version).SK,
        },
        ConsistentRead: true,
      }),
    );
    const events = Items.map(fromEventItem);
    if (events.length !== version) return undefined;
    const order = replay(events);
    return order && { customerId: order.customerId, status: order.status, paymentStatus: order.payment.status, version: order.version };
  },
});
