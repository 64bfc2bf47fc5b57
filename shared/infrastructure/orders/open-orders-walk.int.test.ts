import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { afterAll, describe, expect, it } from 'vitest';
import type { Order, OrderStatus } from '#shared/domain/orders/order.ts';
import { orderEventKey, orderLedgerIndexKey, orderWalkCheckpointKey } from '#shared/infrastructure/dynamodb/keys.ts';
import { privateTable } from '../../../tests/support/integration.ts';
import { CHECKPOINT_LAG_MS, openOrdersBefore } from './open-orders-walk.ts';
import { toStateItem } from './order-items.ts';

// Each test gets a table of its own: a walk reads the ledger of every order of a table and keeps a checkpoint in it.
const tables: Array<Awaited<ReturnType<typeof privateTable>>> = [];
afterAll(async () => {
  await Promise.all(tables.map((table) => table.remove()));
});

const at = (minute: number, seconds = 0) => new Date(Date.UTC(2004, 3, 4, 12, minute, seconds)).toISOString();
const money = { amount: 500, currency: 'EUR' };

const aTable = async () => {
  const table = await privateTable('walk');
  tables.push(table);
  const { client, tableName } = table;
  const put = (Item: Record<string, unknown>) => client.send(new PutCommand({ TableName: tableName, Item }));
  return {
    /** An order placed at `placedAt`, with its ledger entry (on its first event's key) and a snapshot in `status`. */
    givenOrder: async (placedAt: string, status: OrderStatus): Promise<string> => {
      const id = ulid();
      const order: Order = {
        id,
        customerId: 'C1',
        status,
        lines: [{ productId: 'P1', name: 'Mug', quantity: 1, unitPrice: money, lineTotal: money }],
        total: money,
        payment: { status: 'PENDING' },
        version: 2,
        placedAt,
        updatedAt: placedAt,
      };
      await put({ ...orderEventKey(id, 1), ...orderLedgerIndexKey(placedAt, id) });
      await put(toStateItem(order));
      return id;
    },
    walk: (now: string, cutoff: string) =>
      openOrdersBefore(
        { client, tableName, clock: { now: () => new Date(now) } },
        {
          name: 'test',
          cutoff,
          limit: 10,
          open: async (orders) => new Set(orders.filter((order) => order.status === 'PENDING_PAYMENT').map((order) => order.id)),
        },
      ),
    checkpoint: async () =>
      (await client.send(new GetCommand({ TableName: tableName, Key: orderWalkCheckpointKey('test'), ConsistentRead: true }))).Item
        ?.position as string | undefined,
  };
};

describe('the walk of the order ledger for open orders (DynamoDB Local)', () => {
  it('moves its checkpoint past settled orders up to the oldest open one, and starts there the next time', async () => {
    const { givenOrder, walk, checkpoint } = await aTable();
    await givenOrder(at(1), 'PAID');
    const second = await givenOrder(at(2), 'CANCELLED');
    const third = await givenOrder(at(3), 'PENDING_PAYMENT');
    await givenOrder(at(4), 'DELIVERED');
    const fifth = await givenOrder(at(5), 'PENDING_PAYMENT');
    await givenOrder(at(40), 'PENDING_PAYMENT');

    expect(await walk(at(59), at(30))).toEqual([third, fifth]);
    expect(await checkpoint()).toBe(`${at(2)}#${second}`);

    // Settled orders behind the checkpoint are not read again: even one edited back to pending by hand stays unseen.
    await givenOrder(at(1, 30), 'PENDING_PAYMENT');
    expect(await walk(at(59), at(30))).toEqual([third, fifth]);
    // A cutoff behind the checkpoint (the deadline was raised since) finds nothing, and leaves the checkpoint as it is.
    expect(await walk(at(59), at(2))).toEqual([]);
    expect(await checkpoint()).toBe(`${at(2)}#${second}`);
  });

  it('keeps its checkpoint a lag behind the clock, so an order committed late with an earlier placing time is still found', async () => {
    const { givenOrder, walk, checkpoint } = await aTable();
    const early = await givenOrder(at(1), 'PAID');
    await givenOrder(at(5, 50), 'PAID');
    const now = at(6, 20);
    expect(Date.parse(now) - Date.parse(at(5, 50))).toBeLessThan(CHECKPOINT_LAG_MS);

    expect(await walk(now, now)).toEqual([]);
    // The order at 5:50 is settled but within the lag: the checkpoint stops before it.
    expect(await checkpoint()).toBe(`${at(1)}#${early}`);

    // An order placed at 5:40 whose ledger entry only appears now (its commit took long) is still ahead of the checkpoint.
    const late = await givenOrder(at(5, 40), 'PENDING_PAYMENT');
    expect(await walk(at(7), at(7))).toEqual([late]);
  });
});
