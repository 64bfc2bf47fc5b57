import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import { ORDER_EVENT_SUBSCRIPTIONS } from '#shared/application/events/publish-events.ts';
import { cancelOrder } from '#shared/application/orders/cancel-order.ts';
import { placeOrder } from '#shared/application/orders/place-order.ts';
import type { OrderEventMessage } from '#shared/contracts/order-events.ts';
import { localTable, putProduct } from '../../tests/support/local-table.ts';
import { replayEvents } from './replay.ts';

const { client, tableName, deps } = localTable();

const anOrderWithTwoEvents = async () => {
  const { id: productId } = await putProduct({ client, tableName }, { stock: 5 });
  const customerId = ulid();
  const order = await placeOrder(deps, { customerId, body: { lines: [{ productId, quantity: 1 }] }, correlationId: 'int-replay' });
  await cancelOrder(deps, { orderId: order.id, actor: { userId: customerId, roles: ['customer'] }, correlationId: 'int-replay' });
  return order.id;
};

const recording = () => {
  const sent: Array<{ consumer: string; message: OrderEventMessage }> = [];
  return {
    sent,
    publish: {
      send: async (consumer: string, message: OrderEventMessage) => void sent.push({ consumer, message }),
      subscriptions: ORDER_EVENT_SUBSCRIPTIONS,
    },
  };
};

describe('npm run replay against DynamoDB Local', () => {
  it("re-publishes one order's committed events, in version order, to each consumer that subscribes to them", async () => {
    const orderId = await anOrderWithTwoEvents();
    const { sent, publish } = recording();

    const outcome = await replayEvents({ client, tableName, since: '2000-01-01T00:00:00.000Z', orderId, publish });

    expect(outcome.events.map((event) => [event.version, event.type])).toEqual([
      [1, 'OrderPlaced'],
      [2, 'OrderCancelled'],
    ]);
    expect(sent.map(({ consumer, message }) => `${consumer}:${message.type}`).sort()).toEqual(
      ['risk:OrderPlaced', 'notifications:OrderPlaced', 'payments:OrderCancelled', 'notifications:OrderCancelled'].sort(),
    );
    expect(sent.every(({ message }) => message.orderId === orderId && message.schemaVersion === 1)).toBe(true);
  });

  it('finds the events since a moment across the table, and publishes nothing on a dry run', async () => {
    const since = new Date().toISOString();
    const orderId = await anOrderWithTwoEvents();
    const { sent, publish } = recording();

    const outcome = await replayEvents({ client, tableName, since, publish, dryRun: true });

    expect(outcome.events.filter((event) => event.orderId === orderId)).toHaveLength(2);
    expect(outcome.events.every((event) => event.occurredAt >= since)).toBe(true);
    expect(sent).toEqual([]);
  });
});
