import type { OrderListQuery, OrderPage, OrderRepository } from '#shared/domain/orders/ports.ts';
import { orderFor, type Actor } from './access.ts';
import { canonicalPage } from './order-page.ts';

/** The caller's own orders, newest first. */
export const listMyOrders = async (
  { orders }: { orders: Pick<OrderRepository, 'listByCustomer'> },
  actor: Actor,
  query: OrderListQuery,
): Promise<OrderPage> => {
  const page = canonicalPage(await orders.listByCustomer(actor.userId, { ...query, risk: undefined }));
  return { ...page, items: page.items.map((order) => orderFor(actor, order)) };
};
