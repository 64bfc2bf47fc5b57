import type { StoredOrderEvent } from '#shared/contracts/order-events.ts';
import type { StalledOrderFinder } from '../ports.ts';
import type { StalledOrderSetup } from './stalled-order-finder.contract.ts';

/** Orders the reconciler may look at, in a Map: status, placing time, whether a PAYMENT item exists, events. */
export class InMemoryStalledOrders implements StalledOrderFinder {
  readonly orders = new Map<string, StalledOrderSetup>();

  async placedBefore(cutoff: string, limit: number): Promise<string[]> {
    return [...this.orders.values()]
      .filter((order) => order.status === 'PENDING_PAYMENT' && order.placedAt < cutoff && !order.payment)
      .sort((a, b) => a.placedAt.localeCompare(b.placedAt) || a.id.localeCompare(b.id))
      .slice(0, limit)
      .map((order) => order.id);
  }

  async events(orderId: string): Promise<StoredOrderEvent[]> {
    return structuredClone([...(this.orders.get(orderId)?.events ?? [])].sort((a, b) => a.version - b.version));
  }
}
