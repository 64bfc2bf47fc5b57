import type { CommandMeta, ProductSnapshot } from '../decide.ts';
import { decidePlaceOrder } from '../decide.ts';
import { replay, type Order, type OrderEvent } from '../order.ts';

let sequence = 0;
export const aMeta = (overrides: Partial<CommandMeta> = {}): CommandMeta => ({
  eventId: `01EVENT${String(++sequence).padStart(19, '0')}`,
  occurredAt: new Date(Date.UTC(2026, 0, 1, 0, 0, sequence)).toISOString(),
  correlationId: 'corr-test',
  ...overrides,
});

export const aProduct = (overrides: Partial<ProductSnapshot> = {}): ProductSnapshot => ({
  id: 'P1',
  name: 'Mug',
  price: { amount: 1250, currency: 'EUR' },
  status: 'ACTIVE',
  ...overrides,
});

export const productsOf = (...products: ProductSnapshot[]) => new Map(products.map((product) => [product.id, product]));

/** The events of a freshly placed order: two mugs. */
export const placedEvents = (overrides: { orderId?: string; customerId?: string } = {}): OrderEvent[] =>
  decidePlaceOrder(undefined, {
    orderId: overrides.orderId ?? 'O1',
    customerId: overrides.customerId ?? 'C1',
    lines: [{ productId: 'P1', quantity: 2 }],
    products: productsOf(aProduct()),
    meta: aMeta(),
  });

/** An order after its events: `anOrder()` is freshly placed. */
export const anOrder = (events: OrderEvent[] = placedEvents()): Order => replay(events)!;
