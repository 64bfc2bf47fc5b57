import type { OrderListQuery, OrderPage, OrderRepository } from '#shared/domain/orders/ports.ts';
import { canonicalPage } from './order-page.ts';

/** Every order (support, admin), newest first; all statuses merged when none is given. */
export const listAllOrders = async ({ orders }: { orders: Pick<OrderRepository, 'listAll'> }, query: OrderListQuery): Promise<OrderPage> =>
  canonicalPage(await orders.listAll(query));
