import { DeleteCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import { cancelOrder } from '#shared/application/orders/cancel-order.ts';
import { changeOrder } from '#shared/application/orders/run-order-command.ts';
import { shipOrder } from '#shared/application/orders/ship-order.ts';
import { placeOrder } from '#shared/application/orders/place-order.ts';
import { ConflictError, UnprocessableError } from '#shared/domain/errors.ts';
import { markPaid } from '#shared/domain/orders/decide.ts';
import type { Order } from '#shared/domain/orders/order.ts';
import { findChainBreaks, GENESIS_HASH } from '#shared/domain/ledger/hash-chain.ts';
import { orderPartition, orderStateKey } from '#shared/infrastructure/dynamodb/keys.ts';
import { describeOrderRepositoryContract } from '#shared/domain/orders/testing/order-repository.contract.ts';
import { describeProductReaderContract } from '#shared/domain/orders/testing/product-reader.contract.ts';
import { localTable, putProduct, stockOf } from '../../../tests/support/local-table.ts';

const table = localTable();
const { deps, client, tableName } = table;
const customer = () => ({ userId: ulid(), roles: ['customer'] as string[] });
const admin = { userId: ulid(), roles: ['admin'] };

const place = (customerId: string, lines: Array<{ productId: string; quantity: number }>) =>
  placeOrder(deps, { customerId, body: { lines }, correlationId: 'int-test' });

/** What the payments worker will do; here straight through the same load-decide-commit cycle. */
const pay = (order: Order) =>
  changeOrder(deps, { orderId: order.id, actor: admin, correlationId: 'int-pay' }, (state, meta) => markPaid(state, { meta }));

const partition = async (orderId: string) =>
  (
    await client.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': orderPartition(orderId) },
        ConsistentRead: true,
      }),
    )
  ).Items ?? [];

describeOrderRepositoryContract('dynamoOrderRepository on DynamoDB Local', () => ({
  repository: deps.orders,
  stockProduct: async (product) => {
    await putProduct(table, product);
  },
  stockOf: (productId) => stockOf(table, productId),
}));

describeProductReaderContract('dynamoProductReader on DynamoDB Local', () => ({
  reader: deps.products,
  putProduct: async (product) => {
    await putProduct(table, product);
  },
}));

describe('the DynamoDB order repository', () => {
  it('places with the first event (in the order ledger and the customer list, nothing else) and the reservation, and no snapshot', async () => {
    const product = await putProduct(table, { stock: 5, price: { amount: 250, currency: 'GBP' } });
    const buyer = customer();

    const order = await place(buyer.userId, [{ productId: product.id, quantity: 2 }]);

    const items = await partition(order.id);
    expect(items.map((item) => item.SK)).toEqual(['EVENT#0000000001']);
    expect(Object.keys(items[0]!).sort()).toEqual(
      [
        'GSI2PK',
        'GSI2SK',
        'GSI3PK',
        'hash',
        'prevHash',
        'PK',
        'SK',
        'correlationId',
        'data',
        'entity',
        'eventId',
        'occurredAt',
        'orderId',
        'type',
        'v',
        'version',
      ].sort(),
    );
    expect(items[0]).toMatchObject({
      entity: 'OrderEvent',
      type: 'OrderPlaced',
      orderId: order.id,
      version: 1,
      correlationId: 'int-test',
      GSI2PK: 'STATUS#PLACED',
      GSI2SK: `${order.placedAt}#${order.id}`,
      GSI3PK: `CUSTOMER#${buyer.userId}`,
    });
    expect((await deps.orders.load(order.id)).order).toEqual(order);
    expect(order.total).toEqual({ amount: 500, currency: 'GBP' });
    expect(await stockOf(table, product.id)).toBe(3);
  });

  it('hash-chains every event in the commit that writes it and lists each later one as unsequenced for the ledger', async () => {
    const product = await putProduct(table, { stock: 5 });
    const order = await place(customer().userId, [{ productId: product.id, quantity: 1 }]);
    await pay(order);
    await shipOrder(deps, { orderId: order.id, actor: admin, correlationId: 'int-ship' });

    const events = (await partition(order.id)).filter((item) => String(item.SK).startsWith('EVENT#'));

    expect(events.map((item) => item.type)).toEqual(['OrderPlaced', 'OrderPaid', 'OrderShipped']);
    expect(events[0]!.prevHash).toBe(GENESIS_HASH);
    expect(findChainBreaks(events as never)).toEqual([]);
    // The first event is found in the order ledger (GSI2) by the anchor worker's walk; later ones in GSI1.
    expect(events.map((item) => item.GSI1PK)).toEqual([undefined, 'LEDGER#UNSEQUENCED', 'LEDGER#UNSEQUENCED']);
    expect(events.slice(1).map((item) => item.GSI1SK)).toEqual(
      events.slice(1).map((item) => `${item.occurredAt}#${order.id}#${String(item.version).padStart(10, '0')}`),
    );
  });

  it('sells the last 10 units to exactly 10 of 50 concurrent buyers, and never below zero', async () => {
    const product = await putProduct(table, { stock: 10 });

    const outcomes = await Promise.allSettled(
      Array.from({ length: 50 }, () => place(customer().userId, [{ productId: product.id, quantity: 1 }])),
    );

    const placed = outcomes.filter((outcome) => outcome.status === 'fulfilled');
    const refused = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason as Error] : []));
    expect(placed).toHaveLength(10);
    expect(refused).toHaveLength(40);
    for (const error of refused) expect(error).toBeInstanceOf(ConflictError);
    expect(refused.some((error) => error.message.includes(product.id))).toBe(true);
    expect(await stockOf(table, product.id)).toBe(0);
  });

  it.each([
    ['an unknown product', async () => ulid()],
    ['an archived product', async () => (await putProduct(table, { status: 'ARCHIVED' })).id],
  ])('refuses %s as unprocessable', async (_name, productId) => {
    await expect(place(customer().userId, [{ productId: await productId(), quantity: 1 }])).rejects.toThrow(UnprocessableError);
  });

  it('refuses a product archived between reading and reserving as unprocessable', async () => {
    const product = await putProduct(table, { stock: 5 });
    const racing = {
      ...deps,
      products: {
        getMany: async (ids: readonly string[]) => {
          const found = await deps.products.getMany(ids);
          await client.send(new PutCommand({ TableName: tableName, Item: { ...product, status: 'ARCHIVED' } }));
          return found;
        },
      },
    };

    await expect(
      placeOrder(racing, { customerId: ulid(), body: { lines: [{ productId: product.id, quantity: 1 }] }, correlationId: 'x' }),
    ).rejects.toThrow(UnprocessableError);
    expect(await stockOf(table, product.id)).toBe(5);
  });

  it('lets exactly one of two concurrent commands win, with a gap-free event stream', async () => {
    const product = await putProduct(table, { stock: 100 });
    const results = await Promise.all(
      Array.from({ length: 8 }, async () => {
        const buyer = customer();
        const order = await pay(await place(buyer.userId, [{ productId: product.id, quantity: 1 }]));
        const outcomes = await Promise.allSettled([
          shipOrder(deps, { orderId: order.id, actor: admin, correlationId: 'ship' }),
          cancelOrder(deps, { orderId: order.id, actor: buyer, correlationId: 'cancel' }),
        ]);
        return { order, outcomes, items: await partition(order.id) };
      }),
    );

    for (const { outcomes, items } of results) {
      expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
      const loser = outcomes.find((outcome) => outcome.status === 'rejected') as PromiseRejectedResult;
      expect(loser.reason).toBeInstanceOf(ConflictError);
      const events = items.filter((item) => item.entity === 'OrderEvent');
      expect(events.map((event) => event.version)).toEqual([1, 2, 3]);
      expect(items.find((item) => item.SK === 'STATE')!.version).toBe(3);
    }
    const cancelled = results.filter(({ outcomes }) => outcomes[1]!.status === 'fulfilled').length;
    expect(await stockOf(table, product.id)).toBe(100 - 8 + cancelled);
  });

  it('reloads and decides again after losing a race, so the later command sees the earlier one', async () => {
    const product = await putProduct(table, { stock: 10 });
    const buyer = customer();
    const order = await place(buyer.userId, [{ productId: product.id, quantity: 1 }]);
    let raced = false;
    const racing = {
      ...deps,
      orders: {
        ...deps.orders,
        load: async (orderId: string) => {
          const loaded = await deps.orders.load(orderId);
          if (!raced) {
            raced = true;
            await pay(order);
          }
          return loaded;
        },
      },
    };

    const cancelled = await cancelOrder(racing, { orderId: order.id, actor: buyer, correlationId: 'c' });

    expect(cancelled).toMatchObject({ status: 'CANCELLED', payment: { status: 'CAPTURED' }, version: 3, cancellationReason: 'customer' });
    const events = (await deps.orders.events(order.id)).map((event) => [event.type, event.version]);
    expect(events).toEqual([
      ['OrderPlaced', 1],
      ['OrderPaid', 2],
      ['OrderCancelled', 3],
    ]);
    expect(await stockOf(table, product.id)).toBe(10);
  });

  it('gives up with 409 and Retry-After when the race keeps being lost', async () => {
    const order = await pay(await place(customer().userId, [{ productId: (await putProduct(table)).id, quantity: 1 }]));
    // A rival command commits between every load and commit of ours (the events, not the snapshot, are the guard).
    const alwaysStale = {
      ...deps,
      orders: {
        ...deps.orders,
        load: async (orderId: string) => {
          const loaded = await deps.orders.load(orderId);
          const now = new Date().toISOString();
          await deps.orders.append(loaded, [
            {
              eventId: ulid(),
              type: 'OrderRiskAssessed',
              orderId,
              version: loaded.order!.version + 1,
              occurredAt: now,
              correlationId: 'rival',
              data: { decision: 'approve', score: 0.1, modelVersion: 1, variant: 'champion', reasons: [], scoredAt: now },
            },
          ]);
          return loaded;
        },
      },
    };

    const attempt = shipOrder(alwaysStale, { orderId: order.id, actor: admin, correlationId: 's' });

    await expect(attempt).rejects.toThrow(ConflictError);
    await expect(attempt.catch((error: ConflictError) => error.retryAfterSeconds)).resolves.toBe(1);
  });

  it('replays from the events when the snapshot is missing or behind, and commits on top', async () => {
    const product = await putProduct(table, { stock: 10 });
    const buyer = customer();
    const placed = await place(buyer.userId, [{ productId: product.id, quantity: 3 }]);
    const paid = await pay(placed);
    await client.send(
      new PutCommand({
        TableName: tableName,
        Item: {
          ...(await partition(placed.id)).find((item) => item.SK === 'STATE'),
          status: 'PENDING_PAYMENT',
          payment: { status: 'PENDING' },
          version: 1,
        },
      }),
    );

    expect((await deps.orders.load(placed.id)).order).toEqual(paid);
    await client.send(new DeleteCommand({ TableName: tableName, Key: orderStateKey(placed.id) }));
    expect((await deps.orders.load(placed.id)).order).toEqual(paid);

    const shipped = await shipOrder(deps, { orderId: placed.id, actor: admin, correlationId: 's' });
    expect(shipped).toMatchObject({ status: 'SHIPPED', version: 3 });
    const snapshot = (await partition(placed.id)).find((item) => item.SK === 'STATE');
    expect(snapshot).toMatchObject({ status: 'SHIPPED', version: 3 });
    // In no index: a status change moves no index entry.
    expect(Object.keys(snapshot!).filter((key) => key.startsWith('GSI'))).toEqual([]);
  });
});
