import { canonicalOrder, replay, type Order, type OrderEvent } from '#shared/domain/orders/order.ts';
import { ConcurrentUpdateError, type LoadedOrder, type OrderRepository } from '#shared/domain/orders/ports.ts';
import { stockMovesOf } from '#shared/domain/orders/stock.ts';

/** Event-sourced orders in memory: optimistic concurrency on the version, stock moves applied to `stock`. */
export class InMemoryOrderRepository implements OrderRepository {
  readonly streams = new Map<string, OrderEvent[]>();
  readonly stock = new Map<string, number>();

  async load(orderId: string): Promise<LoadedOrder> {
    const order = replay(this.streams.get(orderId) ?? []);
    return { order: order && canonicalOrder(order), token: order?.version ?? 0 };
  }

  async append(loaded: LoadedOrder, events: readonly OrderEvent[]): Promise<Order> {
    if (events.length === 0) return loaded.order!;
    const orderId = events[0]!.orderId;
    const stream = this.streams.get(orderId) ?? [];
    if (stream.length !== loaded.token) throw new ConcurrentUpdateError('The order was changed by another request.');
    for (const { productId, delta } of stockMovesOf(loaded.order, events)) this.stock.set(productId, (this.stock.get(productId) ?? 0) + delta);
    this.streams.set(orderId, [...stream, ...events]);
    return replay(events, loaded.order)!;
  }

  async events(orderId: string): Promise<OrderEvent[]> {
    return [...(this.streams.get(orderId) ?? [])];
  }

  listByCustomer(): never {
    throw new Error('not used by payments');
  }

  listAll(): never {
    throw new Error('not used by payments');
  }
}
