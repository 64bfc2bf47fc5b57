import { listAllOrders } from '#shared/application/orders/list-all-orders.ts';
import { adminOrderListQuery } from '#shared/application/orders/schemas.ts';
import { orderDeps, ordersRoute } from '#shared/composition/orders.ts';

export const handler = ordersRoute({ auth: 'orders:read:any', schemas: { query: adminOrderListQuery } }, async ({ query }) => ({
  status: 200,
  body: await listAllOrders(await orderDeps(), query),
}));
