import { BatchGetCommand, GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AssessedOrderReader, OrdersToScoreReader, OrderToScore } from '#shared/domain/risk/ports.ts';
import { orderStateKey } from '#shared/infrastructure/dynamodb/keys.ts';

export interface DynamoOrderReadersDeps {
  client: DynamoDBDocumentClient;
  tableName: string;
}

const BATCH_GET = 100;

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
    const found = new Map<string, OrderToScore>();
    for (let start = 0; start < orderIds.length; start += BATCH_GET) {
      let keys: Array<Record<string, unknown>> = [...new Set(orderIds.slice(start, start + BATCH_GET))].map(orderStateKey);
      for (let attempt = 0; keys.length > 0; attempt += 1) {
        if (attempt === 5) throw new Error(`${keys.length} orders left unread`);
        if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt));
        const { Responses, UnprocessedKeys } = await client.send(
          new BatchGetCommand({
            RequestItems: {
              [tableName]: {
                Keys: keys,
                ProjectionExpression: 'id, customerId, placedAt, #lines, #total',
                ExpressionAttributeNames: { '#lines': 'lines', '#total': 'total' },
              },
            },
          }),
        );
        for (const item of Responses?.[tableName] ?? []) found.set(item.id as string, toScore(item));
        keys = UnprocessedKeys?.[tableName]?.Keys ?? [];
      }
    }
    return found;
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
