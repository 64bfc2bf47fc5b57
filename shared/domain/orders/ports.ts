import { DomainError } from '#shared/domain/errors.ts';
import type { Order, OrderEvent, OrderStatus } from './order.ts';
import type { ProductSnapshot } from './decide.ts';

/** An order as loaded for a command: its state and the repository's optimistic-concurrency token (opaque here). */
export interface LoadedOrder {
  order: Order | undefined;
  readonly token: unknown;
}

export interface OrderPage {
  items: Order[];
  nextCursor: string | null;
}

export interface OrderListQuery {
  limit: number;
  cursor?: string | undefined;
  status?: OrderStatus | undefined;
  /** `review`: only orders waiting for a risk review (support and admin lists). */
  risk?: 'review' | undefined;
}

/** Someone else appended to the same order between our load and our commit: reload and decide again. */
export class ConcurrentUpdateError extends DomainError {
  override readonly name = 'ConcurrentUpdateError';
  readonly kind = 'conflict';
}

/**
 * The event store and its read model. `append` commits the events and the stock moves atomically (a second writer of
 * the same version loses), then moves the snapshot forward; `load` replays any event newer than the snapshot.
 */
export interface OrderRepository {
  load(orderId: string): Promise<LoadedOrder>;
  append(loaded: LoadedOrder, events: readonly OrderEvent[]): Promise<Order>;
  events(orderId: string): Promise<OrderEvent[]>;
  listByCustomer(customerId: string, query: OrderListQuery): Promise<OrderPage>;
  listAll(query: OrderListQuery): Promise<OrderPage>;
}

/** Products as the catalog stores them, read for pricing; unknown ids are simply absent. */
export interface ProductReader {
  getMany(productIds: readonly string[]): Promise<Map<string, ProductSnapshot>>;
}

/** Orders still awaiting payment, for the payment deadline's sweep (shared/application/orders/expire-unpaid-orders.ts). */
export interface UnpaidOrderFinder {
  /** Ids of PENDING_PAYMENT orders placed before `cutoff` (ISO 8601), oldest first, at most `limit`. */
  placedBefore(cutoff: string, limit: number): Promise<string[]>;
}
