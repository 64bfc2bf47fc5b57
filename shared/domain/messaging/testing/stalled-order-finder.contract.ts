import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import type { StoredOrderEvent } from '#shared/contracts/order-events.ts';
import type { OrderStatus } from '#shared/domain/orders/order.ts';
import type { StalledOrderFinder } from '../ports.ts';

/** An order as the finder sees it: its status and placing time, whether a PAYMENT item exists, its events. */
export interface StalledOrderSetup {
  id: string;
  status: OrderStatus;
  placedAt: string;
  payment: boolean;
  events: StoredOrderEvent[];
}

/** A finder, and a way to put an order where it reads from. */
export interface StalledOrderFinderFixture {
  finder: StalledOrderFinder;
  givenOrder(order: StalledOrderSetup): Promise<void>;
}

export const anEvent = (orderId: string, version: number, type: StoredOrderEvent['type'], occurredAt: string): StoredOrderEvent => ({
  entity: 'OrderEvent',
  eventId: ulid(),
  type,
  orderId,
  version,
  occurredAt,
  correlationId: `corr-${orderId}`,
  data: { version },
});

/** An order placed `minute` minutes into the given hour of 2002-02-02 (far from any other test's orders). */
export const anOrderSetup = (minute: number, overrides: Partial<StalledOrderSetup> = {}): StalledOrderSetup => {
  const id = overrides.id ?? ulid();
  const placedAt = new Date(Date.UTC(2002, 1, 2, 10, minute)).toISOString();
  return { id, status: 'PENDING_PAYMENT', placedAt, payment: false, events: [anEvent(id, 1, 'OrderPlaced', placedAt)], ...overrides };
};

const CUTOFF = new Date(Date.UTC(2002, 1, 2, 10, 30)).toISOString();

/** The StalledOrderFinder contract: the in-memory fake and the DynamoDB adapter both pass it. */
export const describeStalledOrderFinderContract = (name: string, makeFixture: () => Promise<StalledOrderFinderFixture>) =>
  describe(`${name} honours the StalledOrderFinder contract`, () => {
    it('finds PENDING_PAYMENT orders placed before the cutoff with no PAYMENT item, oldest first', async () => {
      const { finder, givenOrder } = await makeFixture();
      const [older, old, paying, paid, recent] = [
        anOrderSetup(5),
        anOrderSetup(10),
        anOrderSetup(7, { payment: true }),
        anOrderSetup(8, { status: 'PAID', payment: true }),
        anOrderSetup(45),
      ];
      for (const order of [old, paying, recent, older, paid]) await givenOrder(order);

      expect(await finder.placedBefore(CUTOFF, 10)).toEqual([older.id, old.id]);
    });

    it('returns at most `limit` ids, skipping paid ones without counting them', async () => {
      const { finder, givenOrder } = await makeFixture();
      const orders = [1, 2, 3, 4, 5, 6].map((minute) => anOrderSetup(minute, { payment: minute % 2 === 1 }));
      for (const order of orders) await givenOrder(order);

      expect(await finder.placedBefore(CUTOFF, 2)).toEqual([orders[1]!.id, orders[3]!.id]);
    });

    it("returns an order's committed events oldest first, and none for an unknown order", async () => {
      const { finder, givenOrder } = await makeFixture();
      const order = anOrderSetup(3);
      const events = [...order.events, anEvent(order.id, 2, 'OrderRiskAssessed', '2002-02-02T10:03:05.000Z')];
      await givenOrder({ ...order, events });

      expect(await finder.events(order.id)).toEqual(events);
      expect(await finder.events(ulid())).toEqual([]);
    });
  });
