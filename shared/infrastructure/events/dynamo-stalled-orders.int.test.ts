import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll } from 'vitest';
import { describeStalledOrderFinderContract } from '#shared/domain/messaging/testing/stalled-order-finder.contract.ts';
import { orderEventKey, orderLedgerIndexKey, paymentKey } from '#shared/infrastructure/dynamodb/keys.ts';
import { toStateItem } from '#shared/infrastructure/orders/order-items.ts';
import { privateTable } from '../../../tests/support/integration.ts';
import { dynamoStalledOrders } from './dynamo-stalled-orders.ts';

// Each test gets a table of its own: the finder walks the ledger of every order of a table, from a checkpoint.
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
    finder: dynamoStalledOrders({ client, tableName, clock: { now: () => new Date() } }),
    givenOrder: async ({ id, status, placedAt, payment, events }) => {
      // The order as the finder reads it: the ledger entry on its first event, and its snapshot with the status.
      const money = { amount: 1000, currency: 'EUR' };
      const line = { productId: 'P1', name: 'Widget', quantity: 1, unitPrice: money, lineTotal: money };
      await put(
        toStateItem({
          id,
          customerId: 'C1',
          status,
          lines: [line],
          total: money,
          payment: { status: status === 'PAID' ? 'CAPTURED' : 'PENDING' },
          version: events.length,
          placedAt,
          updatedAt: placedAt,
        }),
      );
      if (payment) await put({ ...paymentKey(id), entity: 'Payment', orderId: id, state: 'PENDING' });
      for (const event of events)
        await put({ ...orderEventKey(id, event.version), ...(event.version === 1 ? orderLedgerIndexKey(placedAt, id) : {}), ...event });
    },
  };
});
