import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import { decidePlaceOrder } from '#shared/domain/orders/decide.ts';
import { InMemoryOrderRepository } from '#shared/domain/orders/testing/in-memory-order-repository.ts';
import { aProduct, productsOf } from '#shared/domain/orders/testing/order-mother.ts';
import { expireUnpaidOrders } from './expire-unpaid-orders.ts';

const NOW = Date.parse('2026-12-01T12:00:00.000Z');

const aStore = async (placedMinutesAgo: number[]) => {
  const repository = new InMemoryOrderRepository();
  repository.products.set('P1', { stock: 100, status: 'ACTIVE' });
  const ids: string[] = [];
  for (const minutes of placedMinutesAgo) {
    const orderId = ulid();
    const occurredAt = new Date(NOW - minutes * 60_000).toISOString();
    await repository.append(
      { order: undefined, token: 0 },
      decidePlaceOrder(undefined, {
        orderId,
        customerId: 'C1',
        lines: [{ productId: 'P1', quantity: 1 }],
        products: productsOf(aProduct()),
        meta: { eventId: ulid(), occurredAt, correlationId: 'corr' },
      }),
    );
    ids.push(orderId);
  }
  const deps = {
    orders: { orders: repository, clock: { now: () => new Date(NOW) }, newId: ulid },
    // Every id the index holds, stale or not: the use case decides on the order as loaded.
    unpaid: { placedBefore: async () => ids },
  };
  return { repository, ids, deps };
};

describe('the payment deadline', () => {
  it.each([
    [[45, 31], 30, [true, true]],
    [[29, 45], 30, [false, true]],
    [[5], 30, [false]],
  ])('with orders placed %j minutes ago and a %i-minute deadline, cancels %j', async (ages, deadlineMinutes, expected) => {
    const { repository, ids, deps } = await aStore(ages);

    const outcome = await expireUnpaidOrders(deps, { deadlineSeconds: deadlineMinutes * 60, limit: 10 });

    expect(outcome.expired).toEqual(ids.filter((_, index) => expected[index]));
    for (const [index, id] of ids.entries()) {
      const order = (await repository.load(id)).order!;
      expect(order.status).toBe(expected[index] ? 'CANCELLED' : 'PENDING_PAYMENT');
      if (expected[index]) expect(order.cancellationReason).toBe('payment_timeout');
    }
    expect(repository.stockOf('P1')).toBe(100 - expected.filter((cancelled) => !cancelled).length);
  });

  it('keeps going past an order it cannot load, and reports it', async () => {
    const { ids, deps } = await aStore([60]);
    deps.unpaid.placedBefore = async () => ['missing', ...ids];

    const outcome = await expireUnpaidOrders(deps, { deadlineSeconds: 1_800, limit: 10 });

    expect(outcome).toEqual({ checked: 2, expired: ids, failed: ['missing'] });
  });
});
