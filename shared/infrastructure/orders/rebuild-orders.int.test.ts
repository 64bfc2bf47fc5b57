import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import { cancelOrder } from '#shared/application/orders/cancel-order.ts';
import { changeOrder } from '#shared/application/orders/run-order-command.ts';
import { shipOrder } from '#shared/application/orders/ship-order.ts';
import { placeOrder } from '#shared/application/orders/place-order.ts';
import { markPaid } from '#shared/domain/orders/decide.ts';
import type { Order } from '#shared/domain/orders/order.ts';
import { orderEventKey, orderStateKey } from '#shared/infrastructure/dynamodb/keys.ts';
import { rebuildOrders } from './rebuild-orders.ts';
import { localTable, putProduct } from '../../../tests/support/local-table.ts';

const table = localTable();
const { deps, client, tableName } = table;
const admin = { userId: ulid(), roles: ['admin'] };

const stateOf = async (orderId: string) =>
  (await client.send(new GetCommand({ TableName: tableName, Key: orderStateKey(orderId), ConsistentRead: true }))).Item;

const anOrderIn = async (path: Array<'pay' | 'ship' | 'cancel'>): Promise<Order> => {
  const product = await putProduct(table, { stock: 20 });
  const buyer = { userId: ulid(), roles: ['customer'] };
  let order = await placeOrder(deps, {
    customerId: buyer.userId,
    body: { lines: [{ productId: product.id, quantity: 2 }] },
    correlationId: 'rebuild',
  });
  for (const step of path) {
    const input = { orderId: order.id, actor: step === 'cancel' ? buyer : admin, correlationId: 'rebuild' };
    if (step === 'pay') order = await changeOrder(deps, input, (state, meta) => markPaid(state, { meta }));
    if (step === 'ship') order = await shipOrder(deps, input);
    if (step === 'cancel') order = await cancelOrder(deps, input);
  }
  return order;
};

describe('rebuilding order snapshots from their events', () => {
  it('restores deleted, stale, corrupted and old-layout snapshots exactly, and leaves good ones alone', async () => {
    const [deleted, stale, corrupted, oldLayout, untouched, placedOnly] = await Promise.all([
      anOrderIn(['pay', 'ship']),
      anOrderIn(['pay']),
      anOrderIn(['cancel']),
      anOrderIn(['pay']),
      anOrderIn(['pay', 'cancel']),
      anOrderIn([]),
    ]);
    const originals = new Map(
      await Promise.all(
        [deleted, stale, corrupted, oldLayout, untouched, placedOnly].map(async (order) => [order.id, await stateOf(order.id)] as const),
      ),
    );
    await client.send(new DeleteCommand({ TableName: tableName, Key: orderStateKey(deleted!.id) }));
    await client.send(
      new PutCommand({
        TableName: tableName,
        Item: {
          ...originals.get(stale!.id),
          status: 'PENDING_PAYMENT',
          payment: { status: 'PENDING' },
          version: 1,
        },
      }),
    );
    await client.send(
      new PutCommand({ TableName: tableName, Item: { ...orderStateKey(corrupted!.id), status: 'GARBAGE', total: 'lots' } }),
    );
    // A snapshot as tables written before issue 13 hold them: in the customer (GSI1) and status (GSI2) indexes.
    const placedKey = `${oldLayout!.placedAt}#${oldLayout!.id}`;
    await client.send(
      new PutCommand({
        TableName: tableName,
        Item: {
          ...originals.get(oldLayout!.id),
          GSI1PK: `CUSTOMER#${oldLayout!.customerId}`,
          GSI1SK: placedKey,
          GSI2PK: 'STATUS#PAID',
          GSI2SK: placedKey,
        },
      }),
    );

    // And its first event without the customer's index entry, as orders placed before GSI3 existed.
    await client.send(new UpdateCommand({ TableName: tableName, Key: orderEventKey(oldLayout!.id, 1), UpdateExpression: 'REMOVE GSI3PK' }));

    const progress: Array<[number, number]> = [];
    const report = await rebuildOrders(
      { client, tableName },
      { progressEvery: 2, onProgress: (done, total) => progress.push([done, total]) },
    );

    // Progress every 2 orders and once at the end, counting up to every order.
    expect(progress.at(-1)).toEqual([report.orders, report.orders]);
    expect(progress.map(([done]) => done)).toEqual([...progress.map(([done]) => done)].sort((a, b) => a - b));
    expect(progress.length).toBeGreaterThanOrEqual(Math.floor(report.orders / 2));
    for (const [orderId, original] of originals) expect(await stateOf(orderId)).toEqual(original);
    const changes = new Map(report.changes.map((change) => [change.orderId, change]));
    expect(changes.get(deleted!.id)).toEqual({ orderId: deleted!.id, kind: 'restored', fields: [] });
    expect(changes.get(stale!.id)).toMatchObject({ kind: 'repaired', fields: expect.arrayContaining(['status', 'version']) });
    expect(changes.get(corrupted!.id)).toMatchObject({
      kind: 'repaired',
      fields: expect.arrayContaining(['status', 'total', 'customerId']),
    });
    expect(changes.get(oldLayout!.id)).toMatchObject({ kind: 'repaired', fields: ['GSI1PK', 'GSI1SK', 'GSI2PK', 'GSI2SK'] });
    expect(changes.has(untouched!.id)).toBe(false);
    expect(report.indexed).toContain(oldLayout!.id);
    expect(report.indexed).not.toContain(untouched!.id);
    expect((await deps.orders.listByCustomer(oldLayout!.customerId, { limit: 5 })).items.map((order) => order.id)).toEqual([oldLayout!.id]);
    // Placed and never changed: no snapshot, and none needed.
    expect(originals.get(placedOnly!.id)).toBeUndefined();
    expect(changes.has(placedOnly!.id)).toBe(false);
    expect(report.orders).toBeGreaterThanOrEqual(6);

    const again = await rebuildOrders({ client, tableName });
    expect(again.indexed).not.toContain(oldLayout!.id);
    for (const order of [deleted, stale, corrupted, oldLayout, untouched, placedOnly])
      expect(again.changes.map((change) => change.orderId)).not.toContain(order!.id);
  });
});
