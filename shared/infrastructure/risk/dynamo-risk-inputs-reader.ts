import { GetCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { HISTORY_LIMIT, type PastOrder } from '#shared/domain/risk/features.ts';
import type { RiskInputsReader } from '#shared/domain/risk/ports.ts';
import { customerOrdersPartition, userKey } from '#shared/infrastructure/dynamodb/keys.ts';

export interface DynamoRiskInputsReaderDeps {
  client: DynamoDBDocumentClient;
  tableName: string;
}

/**
 * Two bounded reads per order: the customer's registration time (only `createdAt` of the profile: no personal data
 * is read) and the customer's newest orders from GSI1 (one page of HISTORY_LIMIT + 1, the order itself included).
 */
export const dynamoRiskInputsReader = ({ client, tableName }: DynamoRiskInputsReaderDeps): RiskInputsReader => ({
  async inputsFor(order) {
    const [profile, orders] = await Promise.all([
      client.send(new GetCommand({ TableName: tableName, Key: userKey(order.customerId), ProjectionExpression: 'createdAt' })),
      client.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: 'GSI1',
          KeyConditionExpression: 'GSI1PK = :pk',
          ExpressionAttributeValues: { ':pk': customerOrdersPartition(order.customerId) },
          ExpressionAttributeNames: { '#id': 'id', '#status': 'status', '#total': 'total' },
          ProjectionExpression: '#id, placedAt, updatedAt, #status, #total',
          ScanIndexForward: false,
          Limit: HISTORY_LIMIT + 1,
        }),
      ),
    ]);
    const history: PastOrder[] = (orders.Items ?? []).map((item) => ({
      id: item.id as string,
      placedAt: item.placedAt as string,
      updatedAt: item.updatedAt as string,
      status: item.status as string,
      total: { amount: (item.total as { amount: number }).amount },
    }));
    return {
      order: { id: order.orderId, placedAt: order.placedAt, lines: order.lines, total: order.total },
      customerCreatedAt: typeof profile.Item?.createdAt === 'string' ? profile.Item.createdAt : undefined,
      history,
    };
  },
});
