import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import { ConflictError, UnprocessableError, ValidationError } from '#shared/domain/errors.ts';
import { cancel, decidePlaceOrder, markPaid } from '../decide.ts';
import type { Order } from '../order.ts';
import { ConcurrentUpdateError, type OrderRepository } from '../ports.ts';
import { aMeta, aProduct, productsOf } from './order-mother.ts';

/** A repository, and the products whose stock its commits reserve and release. */
export interface OrderRepositoryFixture {
  repository: OrderRepository;
  stockProduct(product: { id: string; stock: number; status?: 'ACTIVE' | 'ARCHIVED' }): Promise<void>;
  stockOf(productId: string): Promise<number | undefined>;
}

// Strictly increasing placement times, so "newest first" has one right answer even within a millisecond.
let placed = Date.now();
const nextPlacedAt = () => new Date((placed = Math.max(placed + 1, Date.now()))).toISOString();

const place = async (
  repository: OrderRepository,
  { customerId = ulid(), lines }: { customerId?: string; lines: Array<{ productId: string; quantity: number }> },
) => {
  const products = productsOf(...lines.map(({ productId }) => aProduct({ id: productId })));
  const events = decidePlaceOrder(undefined, { orderId: ulid(), customerId, lines, products, meta: aMeta({ occurredAt: nextPlacedAt() }) });
  return repository.append({ order: undefined, token: undefined }, events);
};

const pay = async (repository: OrderRepository, order: Order) => {
  const loaded = await repository.load(order.id);
  return repository.append(loaded, markPaid(loaded.order, { meta: aMeta() }));
};

const positions = (orders: Order[]) => orders.map((order) => `${order.placedAt}#${order.id}`);

/** The OrderRepository contract: the in-memory fake and the DynamoDB adapter both pass it. */
export const describeOrderRepositoryContract = (name: string, makeFixture: () => OrderRepositoryFixture) =>
  describe(`${name} honours the OrderRepository contract`, () => {
    const stocked = async (fixture: OrderRepositoryFixture, stock: number, status: 'ACTIVE' | 'ARCHIVED' = 'ACTIVE') => {
      const id = ulid();
      await fixture.stockProduct({ id, stock, status });
      return id;
    };

    it('loads nothing for an unknown order', async () => {
      expect((await makeFixture().repository.load(ulid())).order).toBeUndefined();
    });

    it('commits an order and its events, reserving the stock, and loads it back', async () => {
      const fixture = makeFixture();
      const productId = await stocked(fixture, 5);

      const order = await place(fixture.repository, { lines: [{ productId, quantity: 2 }] });

      expect((await fixture.repository.load(order.id)).order).toEqual(order);
      expect((await fixture.repository.events(order.id)).map((event) => [event.type, event.version])).toEqual([['OrderPlaced', 1]]);
      expect(await fixture.stockOf(productId)).toBe(3);
    });

    it('releases the stock when the order is cancelled', async () => {
      const fixture = makeFixture();
      const productId = await stocked(fixture, 5);
      const order = await place(fixture.repository, { lines: [{ productId, quantity: 2 }] });
      const loaded = await fixture.repository.load(order.id);

      const cancelled = await fixture.repository.append(loaded, cancel(loaded.order, { reason: 'customer', meta: aMeta() }));

      expect(cancelled).toMatchObject({ status: 'CANCELLED', version: 2 });
      expect(await fixture.stockOf(productId)).toBe(5);
    });

    it('reserves nothing when one line is short, and names that product in a ConflictError', async () => {
      const fixture = makeFixture();
      const plenty = await stocked(fixture, 50);
      const scarce = await stocked(fixture, 1);

      const attempt = place(fixture.repository, {
        lines: [
          { productId: plenty, quantity: 5 },
          { productId: scarce, quantity: 2 },
        ],
      });

      await expect(attempt).rejects.toThrow(ConflictError);
      await expect(attempt).rejects.toThrow(scarce);
      expect(await fixture.stockOf(plenty)).toBe(50);
      expect(await fixture.stockOf(scarce)).toBe(1);
    });

    it.each(['unknown', 'archived'] as const)('refuses a reservation of an %s product as unprocessable', async (kind) => {
      const fixture = makeFixture();
      const productId = kind === 'unknown' ? ulid() : await stocked(fixture, 5, 'ARCHIVED');

      await expect(place(fixture.repository, { lines: [{ productId, quantity: 1 }] })).rejects.toThrow(UnprocessableError);
    });

    it('refuses a commit on a stale load with ConcurrentUpdateError, and keeps the winner', async () => {
      const fixture = makeFixture();
      const order = await place(fixture.repository, { lines: [{ productId: await stocked(fixture, 5), quantity: 1 }] });
      const first = await fixture.repository.load(order.id);
      const second = await fixture.repository.load(order.id);
      await fixture.repository.append(first, markPaid(first.order, { meta: aMeta() }));

      const late = fixture.repository.append(second, cancel(second.order, { reason: 'customer', meta: aMeta() }));

      await expect(late).rejects.toThrow(ConcurrentUpdateError);
      expect((await fixture.repository.load(order.id)).order).toMatchObject({ status: 'PAID', version: 2 });
    });

    it('refuses to place an order id twice with ConcurrentUpdateError', async () => {
      const fixture = makeFixture();
      const order = await place(fixture.repository, { lines: [{ productId: await stocked(fixture, 5), quantity: 1 }] });
      const events = await fixture.repository.events(order.id);

      await expect(fixture.repository.append({ order: undefined, token: undefined }, events)).rejects.toThrow(ConcurrentUpdateError);
    });

    it("lists a customer's orders newest first, page by page, optionally by status", async () => {
      const fixture = makeFixture();
      const productId = await stocked(fixture, 100);
      const customerId = ulid();
      const orders: Order[] = [];
      for (let index = 0; index < 5; index++)
        orders.push(await place(fixture.repository, { customerId, lines: [{ productId, quantity: 1 }] }));
      await pay(fixture.repository, orders[1]!);
      await pay(fixture.repository, orders[3]!);

      const first = await fixture.repository.listByCustomer(customerId, { limit: 2 });
      const second = await fixture.repository.listByCustomer(customerId, { limit: 2, cursor: first.nextCursor! });
      const third = await fixture.repository.listByCustomer(customerId, { limit: 2, cursor: second.nextCursor! });
      const paid = await fixture.repository.listByCustomer(customerId, { limit: 1, status: 'PAID' });
      const paidRest = await fixture.repository.listByCustomer(customerId, { limit: 1, status: 'PAID', cursor: paid.nextCursor! });

      expect([...first.items, ...second.items, ...third.items].map((order) => order.id)).toEqual(orders.map((order) => order.id).reverse());
      expect(third.nextCursor).toBeNull();
      expect([...paid.items, ...paidRest.items].map((order) => order.id)).toEqual([orders[3]!.id, orders[1]!.id]);
      expect(first.items[0]).toEqual((await fixture.repository.load(orders[4]!.id)).order);
    });

    it('lists every order across statuses newest first, without repeats across pages', async () => {
      const fixture = makeFixture();
      const productId = await stocked(fixture, 100);
      const mine = [await place(fixture.repository, { lines: [{ productId, quantity: 1 }] })];
      mine.push(await pay(fixture.repository, await place(fixture.repository, { lines: [{ productId, quantity: 1 }] })));
      mine.push(await place(fixture.repository, { lines: [{ productId, quantity: 1 }] }));

      const seen: Order[] = [];
      let cursor: string | undefined;
      do {
        const page = await fixture.repository.listAll({ limit: 7, cursor });
        seen.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      const paid = await fixture.repository.listAll({ limit: 100, status: 'PAID' });

      expect(positions(seen)).toEqual([...positions(seen)].sort().reverse());
      expect(new Set(positions(seen)).size).toBe(seen.length);
      for (const position of positions(mine)) expect(positions(seen)).toContain(position);
      expect(paid.items.every((order) => order.status === 'PAID')).toBe(true);
    });

    it('rejects a cursor it did not issue with ValidationError', async () => {
      await expect(makeFixture().repository.listAll({ limit: 5, cursor: 'not-a-cursor' })).rejects.toThrow(ValidationError);
    });
  });
