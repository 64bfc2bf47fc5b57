import { listMyOrders } from '#shared/application/orders/list-my-orders.ts';
import { orderListQuery } from '#shared/application/orders/schemas.ts';
import { orderDeps, ordersRoute } from '#shared/composition/orders.ts';

export const handler = ordersRoute({ auth: 'signedIn', schemas: { query: orderListQuery } }, async ({ principal, query }) => ({
  status: 200,
  body: await listMyOrders(await orderDeps(), principal, query),
}));
