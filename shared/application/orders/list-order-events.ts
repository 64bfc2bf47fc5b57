import { NotFoundError } from '#shared/domain/errors.ts';
import type { OrderEvent } from '#shared/domain/orders/order.ts';
import type { OrderRepository } from '#shared/domain/orders/ports.ts';
import { canRead, maySeeRisk, RISK_EVENT_TYPES, type Actor } from './access.ts';

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
  const visible = maySeeRisk(actor) ? events : events.filter((event) => !RISK_EVENT_TYPES.has(event.type));
  return { items: visible.map(({ type, version, occurredAt, data }) => ({ type, version, occurredAt, data })) };
};
