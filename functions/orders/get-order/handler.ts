import { getOrder } from '#shared/application/orders/get-order.ts';
import { orderIdPath } from '#shared/application/orders/schemas.ts';
import { orderDeps, ordersRoute } from '#shared/composition/orders.ts';

export const handler = ordersRoute({ auth: 'signedIn', schemas: { path: orderIdPath } }, async ({ principal, path }) => ({
  status: 200,
  body: await getOrder(await orderDeps(), principal, path.id),
}));
