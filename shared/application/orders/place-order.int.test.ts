import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import { ConflictError, UnprocessableError } from '#shared/domain/errors.ts';
import type { OrderRepository } from '#shared/domain/orders/ports.ts';
import { localTable, putProduct, stockOf } from '../../../tests/support/local-table.ts';
import { orderIdFor } from './order-id.ts';
import { placeOrder, type PlaceOrderInput } from './place-order.ts';

const table = localTable();
const { deps, client, tableName } = table;

const ordersOf = async (customerId: string) =>
  (
    await client.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: 'GSI3',
        KeyConditionExpression: 'GSI3PK = :pk',
        ExpressionAttributeValues: { ':pk': `CUSTOMER#${customerId}` },
      }),
    )
  ).Items ?? [];

const itemsOf = async (orderId: string) =>
  (
    await client.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': `ORDER#${orderId}` },
        ConsistentRead: true,
      }),
    )
  ).Items ?? [];

const anInput = (productId: string, quantity = 1): PlaceOrderInput => ({
  customerId: ulid(),
  idempotencyKey: `key-${ulid()}`,
  body: { lines: [{ productId, quantity }] },
  correlationId: 'idem',
});

describe('placing once per Idempotency-Key, the first event being the record (DynamoDB Local)', () => {
  it('turns 100 concurrent calls with one key into exactly one order and identical responses', async () => {
    const product = await putProduct(table, { stock: 1000 });
    const input = anInput(product.id);

    const outcomes = await Promise.allSettled(Array.from({ length: 100 }, () => placeOrder(deps, input)));
    const later = await placeOrder(deps, input);

    const placed = outcomes.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []));
    const refused = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason as ConflictError] : []));
    expect(placed.length).toBeGreaterThanOrEqual(1);
    for (const order of [...placed, later]) expect(JSON.stringify(order)).toBe(JSON.stringify(placed[0]));
    for (const error of refused) {
      expect(error).toBeInstanceOf(ConflictError);
      expect(error.retryAfterSeconds).toBe(1);
    }
    expect(await ordersOf(input.customerId)).toHaveLength(1);
    expect(await stockOf(table, product.id)).toBe(999);
  });

  it('yields one order after an ambiguous commit: committed, the answer lost, the client retries with the same key', async () => {
    const product = await putProduct(table, { stock: 5 });
    const input = anInput(product.id, 2);
    // The commit reaches the table, then the invocation dies (timeout) before it can answer.
    const timingOut: OrderRepository = {
      ...deps.orders,
      append: async (loaded, events) => {
        await deps.orders.append(loaded, events);
        throw new Error('Task timed out after 10.00 seconds');
      },
    };

    await expect(placeOrder({ ...deps, orders: timingOut }, input)).rejects.toThrow(/timed out/);
    const retried = await placeOrder(deps, input);

    expect(retried.id).toBe(orderIdFor(input.customerId, input.idempotencyKey!));
    expect(retried).toMatchObject({ status: 'PENDING_PAYMENT', version: 1, lines: [{ productId: product.id, quantity: 2 }] });
    expect(await ordersOf(input.customerId)).toHaveLength(1);
    expect((await itemsOf(retried.id)).filter((item) => item.entity === 'OrderEvent')).toHaveLength(1);
    expect(await stockOf(table, product.id)).toBe(3);
  });

  it('answers the order as it was placed, even after later events, and keeps no record of its own', async () => {
    const product = await putProduct(table);
    const input = anInput(product.id);
    const first = await placeOrder(deps, input);
    const loaded = await deps.orders.load(first.id);
    await deps.orders.append(loaded, [
      {
        eventId: ulid(),
        type: 'OrderShipped',
        orderId: first.id,
        version: 2,
        occurredAt: new Date().toISOString(),
        correlationId: 'later',
        data: {},
      },
    ]);

    const again = await placeOrder(deps, input);

    expect(JSON.stringify(again)).toBe(JSON.stringify(first));
    const idempotencyRecords = await client.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': `IDEMPOTENCY#placeOrder#${first.id}` },
      }),
    );
    expect(idempotencyRecords.Items ?? []).toEqual([]);
    expect((await itemsOf(first.id)).map((item) => item.SK)).toEqual(['EVENT#0000000001', 'EVENT#0000000002', 'STATE']);
  });

  it.each<[string, { extra?: boolean; quantity?: number }[]]>([
    ['another quantity', [{ quantity: 2 }]],
    ['another product', [{ extra: true }]],
    ['one line more', [{}, { extra: true }]],
  ])('answers the same key with %s with 422 and places nothing', async (_name, changes) => {
    const product = await putProduct(table, { stock: 10 });
    const extra = await putProduct(table, { stock: 10 });
    const input = anInput(product.id);
    await placeOrder(deps, input);

    const lines = changes.map((change) => ({ productId: change.extra ? extra.id : product.id, quantity: change.quantity ?? 1 }));
    const other = placeOrder(deps, { ...input, body: { lines } });

    await expect(other).rejects.toThrow(UnprocessableError);
    expect(await ordersOf(input.customerId)).toHaveLength(1);
    expect(await stockOf(table, product.id)).toBe(9);
    expect(await stockOf(table, extra.id)).toBe(10);
  });

  it('scopes keys to the caller: another customer with the same key places their own order', async () => {
    const product = await putProduct(table);
    const idempotencyKey = `shared-${ulid()}`;
    const body = { lines: [{ productId: product.id, quantity: 1 }] };

    const mine = await placeOrder(deps, { customerId: ulid(), idempotencyKey, body, correlationId: 'a' });
    const theirs = await placeOrder(deps, { customerId: ulid(), idempotencyKey, body, correlationId: 'b' });

    expect(theirs.id).not.toBe(mine.id);
    expect(mine.id).toMatch(/^[0-7][0-9A-HJKMNP-TV-Z]{25}$/);
  });

  it('stores nothing for a failure, so the same key can succeed once stock is back', async () => {
    const product = await putProduct(table, { stock: 0 });
    const input = anInput(product.id);

    await expect(placeOrder(deps, input)).rejects.toThrow(ConflictError);
    await putProduct(table, { id: product.id, stock: 1 });

    await expect(placeOrder(deps, input)).resolves.toMatchObject({ status: 'PENDING_PAYMENT' });
  });
});
