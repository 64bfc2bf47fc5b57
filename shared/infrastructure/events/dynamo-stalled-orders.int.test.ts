import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll } from 'vitest';
import { describeStalledOrderFinderContract } from '#shared/domain/messaging/testing/stalled-order-finder.contract.ts';
import { orderEventKey, ordersByStatusIndexKey, orderStateKey, paymentKey } from '#shared/infrastructure/dynamodb/keys.ts';
import { privateTable } from '../../../tests/support/integration.ts';
import { dynamoStalledOrders } from './dynamo-stalled-orders.ts';

// Each test gets a table of its own: the PENDING_PAYMENT partition of GSI2 is shared by every order of a table.
const tables: Array<Awaited<ReturnType<typeof privateTable>>> = [];
afterAll(async () => {
  await Promise.all(tables.map((table) => table.remove()));
});

describeStalledOrderFinderContract('dynamoStalledOrders on DynamoDB Local', async () => {
  const table = await privateTable('stalled');
  tables.push(table);
  const { client, tableName } = table;
  const put = (Item: Record<string, unknown>) => client.send(new PutCommand({ TableName: tableName, Item }));
  return {
    finder: dynamoStalledOrders({ client, tableName }),
    givenOrder: async ({ id, status, placedAt, payment, events }) => {
      await put({ ...orderStateKey(id), ...ordersByStatusIndexKey(status, placedAt, id), entity: 'Order', id, status, placedAt });
      if (payment) await put({ ...paymentKey(id), entity: 'Payment', orderId: id, state: 'PENDING' });
      for (const event of events) await put({ ...orderEventKey(id, event.version), ...event });
    },
  };
});
