import { canonicalOrder, type Order } from '#shared/domain/orders/order.ts';
import type { OrderRepository } from '#shared/domain/orders/ports.ts';
import { orderFor, visibleOrder, type Actor } from './access.ts';

/** One order, for its customer or support/admin; anyone else gets the 404 of a missing order. */
export const getOrder = async ({ orders }: { orders: Pick<OrderRepository, 'load'> }, actor: Actor, orderId: string): Promise<Order> =>
  orderFor(actor, canonicalOrder(visibleOrder(actor, (await orders.load(orderId)).order)));
