import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AssessedOrderReader, OrdersToScoreReader, OrderToScore } from '#shared/domain/risk/ports.ts';
import { batchGetAll } from '#shared/infrastructure/dynamodb/batch-get.ts';
import { orderStateKey } from '#shared/infrastructure/dynamodb/keys.ts';

export interface DynamoOrderReadersDeps {
  client: DynamoDBDocumentClient;
  tableName: string;
}

const toScore = (item: Record<string, unknown>): OrderToScore => ({
  orderId: item.id as string,
  customerId: item.customerId as string,
  placedAt: item.placedAt as string,
  lines: (item.lines as Array<{ quantity: number; unitPrice: { amount: number } }>).map((line) => ({
    quantity: line.quantity,
    unitPrice: { amount: line.unitPrice.amount },
  })),
  total: { amount: (item.total as { amount: number }).amount },
});

/** Orders for the admin batch scorer: one BatchGet of their STATE items (at most 100, retried for unprocessed keys). */
export const dynamoOrdersToScoreReader = ({ client, tableName }: DynamoOrderReadersDeps): OrdersToScoreReader => ({
  async getMany(orderIds) {
    const items = await batchGetAll(client, tableName, [...new Set(orderIds)].map(orderStateKey), {
      attributes: ['id', 'customerId', 'placedAt', 'lines', 'total'],
      exhausted: (unread) => new Error(`${unread} orders left unread`),
    });
    return new Map(items.map((item) => [item.id as string, toScore(item)]));
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
