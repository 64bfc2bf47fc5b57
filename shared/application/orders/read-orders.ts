import { NotFoundError } from '#shared/domain/errors.ts';
import { canonicalOrder, type Order } from '#shared/domain/orders/order.ts';
import type { OrderListQuery, OrderPage, OrderRepository } from '#shared/domain/orders/ports.ts';
import { canRead, visibleOrder, type Actor } from './access.ts';

type Deps = { orders: OrderRepository };

export const getOrder = async ({ orders }: Deps, actor: Actor, orderId: string): Promise<Order> =>
  canonicalOrder(visibleOrder(actor, (await orders.load(orderId)).order));

/** The audit trail, oldest first; visible to whoever may read the order. */
export const listOrderEvents = async ({ orders }: Deps, actor: Actor, orderId: string) => {
  const events = await orders.events(orderId);
  const placed = events[0];
  if (placed?.type !== 'OrderPlaced' || !canRead(actor, placed.data.customerId)) throw new NotFoundError('Order not found.');
  return { items: events.map(({ type, version, occurredAt, data }) => ({ type, version, occurredAt, data })) };
};

const page = (result: OrderPage): OrderPage => ({ items: result.items.map(canonicalOrder), nextCursor: result.nextCursor });

/** The caller's own orders, newest first. */
export const listMyOrders = async ({ orders }: Deps, actor: Actor, query: OrderListQuery) => page(await orders.listByCustomer(actor.userId, query));

/** Every order (support, admin), newest first; all statuses merged when none is given. */
export const listAllOrders = async ({ orders }: Deps, query: OrderListQuery) => page(await orders.listAll(query));
