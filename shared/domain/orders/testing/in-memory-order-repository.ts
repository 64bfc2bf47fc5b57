import { underRiskReview } from '../risk.ts';
import { ConflictError, UnprocessableError, ValidationError } from '#shared/domain/errors.ts';
import { canonicalOrder, replay, type Order, type OrderEvent } from '../order.ts';
import { ConcurrentUpdateError, type LoadedOrder, type OrderListQuery, type OrderPage, type OrderRepository } from '../ports.ts';
import { stockMovesOf } from '../stock.ts';

/** A product's stock and status, as the order transaction sees them. */
export interface StockedProduct {
  stock: number;
  status: 'ACTIVE' | 'ARCHIVED';
}

const CURSOR_PREFIX = 'before:';
const positionOf = (order: Order) => `${order.placedAt}#${order.id}`;

const positionAfter = (cursor: string | undefined): string | undefined => {
  if (cursor === undefined) return undefined;
  if (cursor.startsWith(CURSOR_PREFIX) && cursor.length > CURSOR_PREFIX.length) return cursor.slice(CURSOR_PREFIX.length);
  throw new ValidationError('The cursor is invalid.', { issues: [{ path: 'query.cursor', message: 'Not a cursor from this list' }] });
};

/**
 * Event-sourced orders in memory, with the DynamoDB adapter's rules: a commit is conditional on the version loaded
 * (ConcurrentUpdateError otherwise), and reserves and releases `products` stock all or nothing.
 */
export class InMemoryOrderRepository implements OrderRepository {
  readonly streams = new Map<string, OrderEvent[]>();
  readonly products = new Map<string, StockedProduct>();

  stockOf(productId: string): number | undefined {
    return this.products.get(productId)?.stock;
  }

  async load(orderId: string): Promise<LoadedOrder> {
    const order = replay(this.streams.get(orderId) ?? []);
    return { order: order && canonicalOrder(order), token: order?.version ?? 0 };
  }

  async append(loaded: LoadedOrder, events: readonly OrderEvent[]): Promise<Order> {
    if (events.length === 0) return loaded.order!;
    const next = replay(events, loaded.order)!;
    const moves = stockMovesOf(loaded.order, events);
    // A lost race comes first: the winner may be what took the stock (and a repeated placing is no stock problem).
    const stream = this.streams.get(next.id) ?? [];
    if (stream.length !== ((loaded.token as number | undefined) ?? 0))
      throw new ConcurrentUpdateError('The order was changed by another request.');
    for (const { productId, delta } of moves.filter((move) => move.delta < 0)) {
      const product = this.products.get(productId);
      if (!product || product.status !== 'ACTIVE')
        throw new UnprocessableError(`Product ${productId} does not exist or is no longer sold.`);
      if (product.stock < -delta)
        throw new ConflictError(`Not enough stock for product ${productId}: ${product.stock} left, ${-delta} wanted.`);
    }
    for (const { productId, delta } of moves) {
      const product = this.products.get(productId) ?? { stock: 0, status: 'ACTIVE' };
      this.products.set(productId, { ...product, stock: product.stock + delta });
    }
    this.streams.set(next.id, [...stream, ...events.map((event) => structuredClone(event))]);
    return canonicalOrder(next);
  }

  async events(orderId: string): Promise<OrderEvent[]> {
    return structuredClone(this.streams.get(orderId) ?? []);
  }

  async listByCustomer(customerId: string, query: OrderListQuery): Promise<OrderPage> {
    return this.page((order) => order.customerId === customerId, query);
  }

  async listAll(query: OrderListQuery): Promise<OrderPage> {
    return this.page(() => true, query);
  }

  private page(belongs: (order: Order) => boolean, { limit, cursor, status, risk }: OrderListQuery): OrderPage {
    const before = positionAfter(cursor);
    const matching = [...this.streams.values()]
      .map((stream) => canonicalOrder(replay(stream)!))
      .filter((order) => belongs(order) && (status === undefined || order.status === status))
      .filter((order) => risk !== 'review' || (underRiskReview(order) && order.status !== 'CANCELLED'))
      .filter((order) => before === undefined || positionOf(order) < before)
      .sort((a, b) => (positionOf(a) < positionOf(b) ? 1 : -1));
    const items = matching.slice(0, limit);
    const last = items.at(-1);
    return { items, nextCursor: matching.length > limit && last ? `${CURSOR_PREFIX}${positionOf(last)}` : null };
  }
}
