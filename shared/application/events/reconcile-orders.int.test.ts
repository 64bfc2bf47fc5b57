import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { afterAll, describe, expect, it } from 'vitest';
import { placeOrder } from '#shared/application/orders/place-order.ts';
import { orderEventMessageSchema } from '#shared/contracts/order-events.ts';
import { paymentKey } from '#shared/infrastructure/dynamodb/keys.ts';
import { dynamoStalledOrders } from '#shared/infrastructure/events/dynamo-stalled-orders.ts';
import { sqsEventSender } from '#shared/infrastructure/events/sqs-event-sender.ts';
import { dynamoOrderRepository } from '#shared/infrastructure/orders/dynamo-order-repository.ts';
import { dynamoProductReader } from '#shared/infrastructure/orders/dynamo-product-reader.ts';
import { localEnv, privateQueues, privateTable } from '../../../tests/support/integration.ts';
import { putProduct } from '../../../tests/support/local-table.ts';
import { ORDER_EVENT_SUBSCRIPTIONS } from './publish-events.ts';
import { reconcileOrders } from './reconcile-orders.ts';

// The reconciler over real components: orders placed by the real use case in a table of this file's own (the
// reconciler walks the ledger of every order of a table), and its sends received from SQS emulator queues of its own.
const env = localEnv();
const sqs = new SQSClient({
  region: env.AWS_REGION!,
  endpoint: env.SQS_ENDPOINT!,
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
});
const table = await privateTable('reconcile');
const queues = await privateQueues(sqs, 'reconcile', ['risk', 'payments', 'notifications'] as const);
afterAll(async () => {
  await queues.remove();
  await table.remove();
  sqs.destroy();
});

const PLACED_AT = Date.parse('2003-03-03T10:00:00.000Z');
const deps = (at: number) => {
  const clock = { now: () => new Date(at) };
  return {
    orders: dynamoOrderRepository({ client: table.client, tableName: table.tableName, clock }),
    products: dynamoProductReader({ client: table.client, tableName: table.tableName }),
    clock,
    newId: () => ulid(),
    retry: { attempts: 4, baseDelayMs: 10 },
  };
};
const received = async (url: string) =>
  ((await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }))).Messages ?? []).map(
    (message) => orderEventMessageSchema.parse(JSON.parse(message.Body!)),
  );

describe('reconcileOrders against DynamoDB Local and the SQS emulator', () => {
  it("sends the OrderPlaced of an order nobody claimed to the risk queue again, and leaves a claimed order's alone", async () => {
    const { id: productId } = await putProduct(table, { stock: 10 });
    const place = () =>
      placeOrder(deps(PLACED_AT), { customerId: ulid(), body: { lines: [{ productId, quantity: 1 }] }, correlationId: 'int-rec' });
    const [lost, claimed] = [await place(), await place()];
    await table.client.send(
      new PutCommand({ TableName: table.tableName, Item: { ...paymentKey(claimed.id), entity: 'Payment', state: 'PENDING' } }),
    );

    const outcome = await reconcileOrders(
      {
        stalled: dynamoStalledOrders({
          client: table.client,
          tableName: table.tableName,
          clock: { now: () => new Date(PLACED_AT + 301_000) },
        }),
        publish: { send: sqsEventSender(sqs, queues.urls), subscriptions: ORDER_EVENT_SUBSCRIPTIONS },
        clock: { now: () => new Date(PLACED_AT + 301_000) },
      },
      { afterSeconds: 300, limit: 10 },
    );

    expect(outcome).toEqual({ checked: 1, republished: [lost.id], failed: [] });
    const [event] = await deps(PLACED_AT).orders.events(lost.id);
    expect(await received(queues.urls.risk)).toEqual([
      expect.objectContaining({ type: 'OrderPlaced', orderId: lost.id, version: 1, eventId: event!.eventId, schemaVersion: 1 }),
    ]);
    expect((await received(queues.urls.notifications)).map((message) => message.orderId)).toEqual([lost.id]);
    expect(await received(queues.urls.payments)).toEqual([]);
  }, 120_000);
});
