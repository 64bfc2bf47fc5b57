import { describe, expect, it } from 'vitest';
import type { OrderEventMessage } from '#shared/contracts/order-events.ts';
import { InMemoryStalledOrders } from '#shared/domain/messaging/testing/in-memory-stalled-orders.ts';
import { anEvent, anOrderSetup } from '#shared/domain/messaging/testing/stalled-order-finder.contract.ts';
import { ORDER_EVENT_SUBSCRIPTIONS } from './publish-events.ts';
import { reconcileOrders } from './reconcile-orders.ts';

// anOrderSetup(minute) places an order at 2002-02-02T10:<minute>; the clock stands at 10:30.
const NOW = new Date(Date.UTC(2002, 1, 2, 10, 30));

const setup = (failFor?: string) => {
  const stalled = new InMemoryStalledOrders();
  const sent: Array<{ consumer: string; message: OrderEventMessage }> = [];
  const deps = {
    stalled,
    clock: { now: () => NOW },
    publish: {
      subscriptions: ORDER_EVENT_SUBSCRIPTIONS,
      send: async (consumer: string, message: OrderEventMessage) => {
        if (message.orderId === failFor) throw new Error('queue unreachable');
        sent.push({ consumer, message });
      },
    },
  };
  const given = (...orders: ReturnType<typeof anOrderSetup>[]) => orders.forEach((order) => stalled.orders.set(order.id, order));
  return { deps, sent, given };
};

describe('reconcileOrders', () => {
  it('publishes again every committed event of an order unclaimed past the threshold, oldest first, to its consumers', async () => {
    const { deps, sent, given } = setup();
    const placed = anOrderSetup(10);
    const order = { ...placed, events: [anEvent(placed.id, 2, 'OrderRiskAssessed', '2002-02-02T10:10:02Z'), ...placed.events] };
    given(order);

    const outcome = await reconcileOrders(deps, { afterSeconds: 300, limit: 50 });

    expect(outcome).toEqual({ checked: 1, republished: [order.id], failed: [] });
    expect(sent.map(({ consumer, message }) => `${message.version} ${message.type} -> ${consumer}`).sort()).toEqual([
      '1 OrderPlaced -> notifications',
      '1 OrderPlaced -> risk',
      '2 OrderRiskAssessed -> notifications',
      '2 OrderRiskAssessed -> payments',
    ]);
    expect(sent.findIndex(({ message }) => message.version === 2)).toBeGreaterThan(sent.findIndex(({ message }) => message.version === 1));
  });

  it.each([
    ['placed less than the threshold ago', anOrderSetup(26), 300],
    ['already claimed by the saga (a PAYMENT item)', anOrderSetup(1, { payment: true }), 300],
    ['no longer awaiting payment', anOrderSetup(1, { status: 'CANCELLED' }), 300],
    ['placed just inside a longer threshold', anOrderSetup(20), 900],
  ])('leaves an order alone when it is %s', async (_case, order, afterSeconds) => {
    const { deps, sent, given } = setup();
    given(order);

    expect(await reconcileOrders(deps, { afterSeconds, limit: 50 })).toEqual({ checked: 0, republished: [], failed: [] });
    expect(sent).toEqual([]);
  });

  it('reports an order it could not publish and still publishes the others', async () => {
    const [stuck, fine] = [anOrderSetup(2), anOrderSetup(3)];
    const { deps, sent, given } = setup(stuck.id);
    given(stuck, fine);

    expect(await reconcileOrders(deps, { afterSeconds: 300, limit: 50 })).toEqual({
      checked: 2,
      republished: [fine.id],
      failed: [stuck.id],
    });
    expect(new Set(sent.map(({ message }) => message.orderId))).toEqual(new Set([fine.id]));
  });

  it('takes at most `limit` orders per run, oldest first', async () => {
    const { deps, given } = setup();
    const orders = [4, 1, 3, 2].map((minute) => anOrderSetup(minute));
    given(...orders);

    expect((await reconcileOrders(deps, { afterSeconds: 300, limit: 2 })).republished).toEqual([orders[1]!.id, orders[3]!.id]);
  });
});
