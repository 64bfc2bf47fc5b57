import type { Order, OrderEvent } from './order.ts';

/** A change to one product's stock: negative reserves (conditional on stock and status), positive releases. */
export interface StockMove {
  productId: string;
  delta: number;
}

/** Placing reserves every line; cancelling (by anyone, or a failed payment) gives every line back. */
export const stockMovesOf = (before: Order | undefined, events: readonly OrderEvent[]): StockMove[] =>
  events.flatMap((event): StockMove[] => {
    if (event.type === 'OrderPlaced') return event.data.lines.map(({ productId, quantity }) => ({ productId, delta: -quantity }));
    if ((event.type === 'OrderCancelled' || event.type === 'OrderPaymentFailed') && before) {
      return before.lines.map(({ productId, quantity }) => ({ productId, delta: quantity }));
    }
    return [];
  });
