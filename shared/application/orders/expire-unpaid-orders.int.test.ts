import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { afterAll, describe, expect, it } from 'vitest';
import type { OrderDeps } from '#shared/application/orders/order-deps.ts';
import { placeOrder } from '#shared/application/orders/place-order.ts';
import { runOrderCommand } from '#shared/application/orders/run-order-command.ts';
import { markPaid } from '#shared/domain/orders/decide.ts';
import { dynamoOrderRepository } from '#shared/infrastructure/orders/dynamo-order-repository.ts';
import { dynamoProductReader } from '#shared/infrastructure/orders/dynamo-product-reader.ts';
import { dynamoUnpaidOrders } from '#shared/infrastructure/orders/dynamo-unpaid-orders.ts';
import { privateTable } from '../../../tests/support/integration.ts';
import { putProduct, stockOf } from '../../../tests/support/local-table.ts';
import { expireUnpaidOrders } from './expire-unpaid-orders.ts';

// Each test gets a table of its own: the sweep walks the ledger of every order of a table from its checkpoint, and a
// test's clock is set in the past (a real clock never goes back past the checkpoint; one test after another would).
const tables: Array<Awaited<ReturnType<typeof privateTable>>> = [];
afterAll(async () => {
  await Promise.all(tables.map((table) => table.remove()));
});
let client: DynamoDBDocumentClient;
let tableName: string;
const freshTable = async () => {
  const table = await privateTable('deadline');
  tables.push(table);
  ({ client, tableName } = table);
};

const NOW = Date.parse('2001-06-01T00:30:00.000Z');
const DEADLINE_SECONDS = 1_800;

const unpaidAt = (at: number) => dynamoUnpaidOrders({ client, tableName, clock: { now: () => new Date(at) } });

const depsAt = (at: number): OrderDeps => {
  const clock = { now: () => new Date(at) };
  return {
    orders: dynamoOrderRepository({ client, tableName, clock }),
    products: dynamoProductReader({ client, tableName }),
    clock,
    newId: () => ulid(),
    retry: { attempts: 4, baseDelayMs: 10 },
  };
};

const placedAt = async (at: number, productId: string) =>
  placeOrder(depsAt(at), { customerId: ulid(), body: { lines: [{ productId, quantity: 2 }] }, correlationId: 'int-deadline' });

describe('payment deadline sweep against DynamoDB Local', () => {
  it('cancels only the unpaid orders past the deadline, with payment_timeout, and gives their stock back', async () => {
    await freshTable();
    const { id: productId } = await putProduct({ client, tableName }, { stock: 10 });
    const overdue = await placedAt(NOW - 2 * 3600_000, productId);
    const recent = await placedAt(NOW - 600_000, productId);
    const paid = await placedAt(NOW - 3 * 3600_000, productId);
    await runOrderCommand(depsAt(NOW - 3 * 3600_000 + 1_000), { orderId: paid.id, correlationId: 'int-pay' }, (order, meta) =>
      markPaid(order, { meta }),
    );
    const deps = depsAt(NOW);

    const outcome = await expireUnpaidOrders({ orders: deps, unpaid: unpaidAt(NOW) }, { deadlineSeconds: DEADLINE_SECONDS, limit: 50 });

    expect(outcome.expired).toEqual([overdue.id]);
    expect(outcome.failed).toEqual([]);
    expect((await deps.orders.load(overdue.id)).order).toMatchObject({ status: 'CANCELLED', cancellationReason: 'payment_timeout' });
    expect((await deps.orders.load(recent.id)).order).toMatchObject({ status: 'PENDING_PAYMENT' });
    expect((await deps.orders.load(paid.id)).order).toMatchObject({ status: 'PAID' });
    expect(await stockOf({ client, tableName }, productId)).toBe(10 - 2 - 2);
  });

  it('is a no-op the second time (the order is no longer pending)', async () => {
    await freshTable();
    const { id: productId } = await putProduct({ client, tableName }, { stock: 5 });
    const overdue = await placedAt(NOW - 5 * 3600_000, productId);
    const deps = { orders: depsAt(NOW), unpaid: unpaidAt(NOW) };

    const first = await expireUnpaidOrders(deps, { deadlineSeconds: DEADLINE_SECONDS, limit: 50 });
    const second = await expireUnpaidOrders(deps, { deadlineSeconds: DEADLINE_SECONDS, limit: 50 });

    expect(first.expired).toContain(overdue.id);
    expect(second.expired).not.toContain(overdue.id);
    expect((await depsAt(NOW).orders.events(overdue.id)).map((event) => event.type)).toEqual(['OrderPlaced', 'OrderCancelled']);
    expect(await stockOf({ client, tableName }, productId)).toBe(5);
  });
});
