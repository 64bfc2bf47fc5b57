import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AssessedOrderReader, OrdersToScoreReader, OrderToScore } from '#shared/domain/risk/ports.ts';
import type { Order } from '#shared/domain/orders/order.ts';
import { orderStateKey } from '#shared/infrastructure/dynamodb/keys.ts';
import { currentOrders } from '#shared/infrastructure/orders/current-orders.ts';

export interface DynamoOrderReadersDeps {
  client: DynamoDBDocumentClient;
  tableName: string;
}

const toScore = (order: Order): OrderToScore => ({
  orderId: order.id,
  customerId: order.customerId,
  placedAt: order.placedAt,
  lines: order.lines.map((line) => ({ quantity: line.quantity, unitPrice: { amount: line.unitPrice.amount } })),
  total: { amount: order.total.amount },
});

/**
 * Orders for the admin batch scorer, as they stand (`currentOrders`: one BatchGet of their snapshots, at most 100,
 * retried for unprocessed keys; an order placed and not changed since has none and is its one event replayed).
 */
export const dynamoOrdersToScoreReader = ({ client, tableName }: DynamoOrderReadersDeps): OrdersToScoreReader => ({
  async getMany(orderIds) {
    const orders = await currentOrders({ client, tableName }, orderIds);
    return new Map([...orders.values()].map((order) => [order.id, toScore(order)]));
  },
});

/** Where an order's scores were logged: its STATE item's `risk` (deciding version, and the shadow version if any). */
export const dynamoAssessedOrderReader = ({ client, tableName }: DynamoOrderReadersDeps): AssessedOrderReader => ({
  async scoreKeysOf(orderId) {
    const { Item } = await client.send(
      new GetCommand({ TableName: tableName, Key: orderStateKey(orderId), ProjectionExpression: 'id, risk' }),
    );
    if (!Item) return undefined;
    const risk = Item.risk as { modelVersion: number | null; scoredAt: string; shadow?: { modelVersion: number } } | undefined;
    if (!risk || risk.modelVersion === null) return [];
    return [
      { version: risk.modelVersion, scoredAt: risk.scoredAt, orderId },
      ...(risk.shadow ? [{ version: risk.shadow.modelVersion, scoredAt: risk.scoredAt, orderId }] : []),
    ];
  },
});
