import { GetCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { HISTORY_LIMIT, type PastOrder } from '#shared/domain/risk/features.ts';
import type { RiskInputsReader } from '#shared/domain/risk/ports.ts';
import { customerOrdersPartition, userKey } from '#shared/infrastructure/dynamodb/keys.ts';
import { currentOrders, orderIdAt } from '#shared/infrastructure/orders/current-orders.ts';

export interface DynamoRiskInputsReaderDeps {
  client: DynamoDBDocumentClient;
  tableName: string;
}

/**
 * Bounded reads per order: the customer's registration time (only `createdAt` of the profile: no personal data is
 * read), the keys of the customer's newest orders from GSI3 (one page of HISTORY_LIMIT + 1, the order itself
 * included) and those orders' current state (`currentOrders`: one BatchGetItem of their snapshots).
 */
export const dynamoRiskInputsReader = ({ client, tableName }: DynamoRiskInputsReaderDeps): RiskInputsReader => ({
  async inputsFor(order) {
    const [profile, orders] = await Promise.all([
      client.send(new GetCommand({ TableName: tableName, Key: userKey(order.customerId), ProjectionExpression: 'createdAt' })),
      client.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: 'GSI3',
          KeyConditionExpression: 'GSI3PK = :pk',
          ExpressionAttributeValues: { ':pk': customerOrdersPartition(order.customerId) },
          ProjectionExpression: 'GSI2SK',
          ScanIndexForward: false,
          Limit: HISTORY_LIMIT + 1,
        }),
      ),
    ]);
    const ids = (orders.Items ?? []).map((item) => orderIdAt(String(item.GSI2SK)));
    const states = await currentOrders({ client, tableName }, ids);
    const history: PastOrder[] = ids.flatMap((id) => {
      const past = states.get(id);
      return past
        ? [{ id, placedAt: past.placedAt, updatedAt: past.updatedAt, status: past.status, total: { amount: past.total.amount } }]
        : [];
    });
    return {
      order: { id: order.orderId, placedAt: order.placedAt, lines: order.lines, total: order.total },
      customerCreatedAt: typeof profile.Item?.createdAt === 'string' ? profile.Item.createdAt : undefined,
      history,
    };
  },
});
