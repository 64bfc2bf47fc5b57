import { NotFoundError } from '#shared/domain/errors.ts';
import type { OrderEvent } from '#shared/domain/orders/order.ts';
import type { OrderRepository } from '#shared/domain/orders/ports.ts';
import { canRead, type Actor } from './access.ts';

export interface OrderHistory {
  items: Array<Pick<OrderEvent, 'type' | 'version' | 'occurredAt' | 'data'>>;
}

/** The audit trail, oldest first; visible to whoever may read the order. */
export const listOrderEvents = async (
  { orders }: { orders: Pick<OrderRepository, 'events'> },
  actor: Actor,
  orderId: string,
): Promise<OrderHistory> => {
  const events = await orders.events(orderId);
  const placed = events[0];
  if (placed?.type !== 'OrderPlaced' || !canRead(actor, placed.data.customerId)) throw new NotFoundError('Order not found.');
  return { items: events.map(({ type, version, occurredAt, data }) => ({ type, version, occurredAt, data })) };
};
