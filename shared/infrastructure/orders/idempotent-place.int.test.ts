import { createHash } from 'node:crypto';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import { placeOrder } from '#shared/application/orders/place-order.ts';
import { ConflictError, UnprocessableError } from '#shared/domain/errors.ts';
import type { Order } from '#shared/domain/orders/order.ts';
import { idempotentPlaceOrder } from './idempotent-place.ts';
import { localTable, putProduct, stockOf } from '../../../tests/support/local-table.ts';

const table = localTable();
const { deps, client, raw, tableName } = table;
const lambdaContext = { getRemainingTimeInMillis: () => 10_000 };
const placeOnce = idempotentPlaceOrder({ client: raw, tableName, expiresAfterSeconds: 600 }, (input) => placeOrder(deps, input));

const ordersOf = async (customerId: string) =>
  (
    await client.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: 'GSI1',
        KeyConditionExpression: 'GSI1PK = :pk',
        ExpressionAttributeValues: { ':pk': `CUSTOMER#${customerId}` },
      }),
    )
  ).Items ?? [];

describe('idempotent placing with Powertools in the single table', () => {
  it('turns 100 concurrent calls with one key into exactly one order and identical responses', async () => {
    const product = await putProduct(table, { stock: 1000 });
    const customerId = ulid();
    const input = {
      customerId,
      idempotencyKey: `key-${ulid()}`,
      body: { lines: [{ productId: product.id, quantity: 1 }] },
      correlationId: 'idem',
    };

    const outcomes = await Promise.allSettled(Array.from({ length: 100 }, () => placeOnce(input, lambdaContext)));
    const later = await placeOnce(input, lambdaContext);

    const placed = outcomes.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []));
    const refused = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason as ConflictError] : []));
    expect(placed.length).toBeGreaterThanOrEqual(1);
    for (const order of [...placed, later]) expect(JSON.stringify(order)).toBe(JSON.stringify(placed[0]));
    for (const error of refused) {
      expect(error).toBeInstanceOf(ConflictError);
      expect(error.retryAfterSeconds).toBe(1);
    }
    expect(await ordersOf(customerId)).toHaveLength(1);
    expect(await stockOf(table, product.id)).toBe(999);
  });

  it('keeps the record in its own partition with a TTL, and answers a different body with 422', async () => {
    const product = await putProduct(table);
    const customerId = ulid();
    const idempotencyKey = `key-${ulid()}`;
    const first: Order = await placeOnce(
      { customerId, idempotencyKey, body: { lines: [{ productId: product.id, quantity: 1 }] }, correlationId: 'a' },
      lambdaContext,
    );

    const other = placeOnce(
      { customerId, idempotencyKey, body: { lines: [{ productId: product.id, quantity: 2 }] }, correlationId: 'b' },
      lambdaContext,
    );

    await expect(other).rejects.toThrow(UnprocessableError);
    const hash = createHash('sha256')
      .update(JSON.stringify(`${customerId}#${idempotencyKey}`))
      .digest('base64');
    const { Item } = await client.send(
      new GetCommand({ TableName: tableName, Key: { PK: `IDEMPOTENCY#placeOrder#${hash}`, SK: 'IDEMPOTENCY' }, ConsistentRead: true }),
    );
    expect(Item).toMatchObject({ status: 'COMPLETED', data: first, expiresAt: expect.any(Number) });
    expect(Item!.expiresAt).toBeGreaterThan(Date.now() / 1000 + 500);
  });

  it('scopes keys to the caller: another customer with the same key places their own order', async () => {
    const product = await putProduct(table);
    const idempotencyKey = `shared-${ulid()}`;
    const body = { lines: [{ productId: product.id, quantity: 1 }] };

    const mine = await placeOnce({ customerId: ulid(), idempotencyKey, body, correlationId: 'a' }, lambdaContext);
    const theirs = await placeOnce({ customerId: ulid(), idempotencyKey, body, correlationId: 'b' }, lambdaContext);

    expect(theirs.id).not.toBe(mine.id);
  });

  it('stores nothing for a failure, so the same key can succeed once stock is back', async () => {
    const product = await putProduct(table, { stock: 0 });
    const input = {
      customerId: ulid(),
      idempotencyKey: `key-${ulid()}`,
      body: { lines: [{ productId: product.id, quantity: 1 }] },
      correlationId: 'c',
    };

    await expect(placeOnce(input, lambdaContext)).rejects.toThrow(ConflictError);
    await putProduct(table, { id: product.id, stock: 1 });

    await expect(placeOnce(input, lambdaContext)).resolves.toMatchObject({ status: 'PENDING_PAYMENT' });
  });
});
