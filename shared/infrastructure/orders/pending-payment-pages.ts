import { paginateQuery, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ordersByStatusPartition } from '#shared/infrastructure/dynamodb/keys.ts';

/**
 * Ids of orders awaiting payment that were placed before `cutoff`, page by page, oldest first: the PENDING_PAYMENT
 * partition of GSI2 (`STATUS#PENDING_PAYMENT` / `<placedAt>#<id>`), never a Scan. GSI reads are eventually
 * consistent, so a caller decides on the order (or its PAYMENT item) as it loads it. Read by the payment-deadline
 * sweep and by the reconciler.
 */
export async function* pendingPaymentIdPages(
  { client, tableName }: { client: DynamoDBDocumentClient; tableName: string },
  cutoff: string,
  pageSize: number,
): AsyncGenerator<string[]> {
  const pages = paginateQuery(
    { client, pageSize },
    {
      TableName: tableName,
      IndexName: 'GSI2',
      KeyConditionExpression: 'GSI2PK = :pk AND GSI2SK < :cutoff',
      ExpressionAttributeValues: { ':pk': ordersByStatusPartition('PENDING_PAYMENT'), ':cutoff': cutoff },
      ProjectionExpression: '#id',
      ExpressionAttributeNames: { '#id': 'id' },
      ScanIndexForward: true,
    },
  );
  for await (const page of pages) yield (page.Items ?? []).map((item) => String(item.id));
}
