import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { UnpaidOrderFinder } from '#shared/domain/orders/ports.ts';
import { ordersByStatusPartition } from '#shared/infrastructure/dynamodb/keys.ts';

/**
 * The PENDING_PAYMENT partition of GSI2 (`STATUS#PENDING_PAYMENT` / `<placedAt>#<id>`), oldest first, up to the
 * cutoff: the sweep reads only orders past their deadline, never the whole table. GSI reads are eventually
 * consistent; the sweep decides on the order as loaded, so a stale entry is a no-op.
 */
export const dynamoUnpaidOrders = ({ client, tableName }: { client: DynamoDBDocumentClient; tableName: string }): UnpaidOrderFinder => ({
  async placedBefore(cutoff, limit) {
    const ids: string[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await client.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: 'GSI2',
          KeyConditionExpression: 'GSI2PK = :pk AND GSI2SK < :cutoff',
          ExpressionAttributeValues: { ':pk': ordersByStatusPartition('PENDING_PAYMENT'), ':cutoff': cutoff },
          ProjectionExpression: '#id',
          ExpressionAttributeNames: { '#id': 'id' },
          ScanIndexForward: true,
          Limit: limit - ids.length,
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) ids.push(String(item.id));
      startKey = page.LastEvaluatedKey;
    } while (startKey && ids.length < limit);
    return ids;
  },
});
