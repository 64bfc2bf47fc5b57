import { listOrderEvents } from '#shared/application/orders/list-order-events.ts';
import { orderIdPath } from '#shared/application/orders/schemas.ts';
import { orderDeps, ordersRoute } from '#shared/composition/orders.ts';

export const handler = ordersRoute({ auth: 'signedIn', schemas: { path: orderIdPath } }, async ({ principal, path }) => ({
  status: 200,
  body: await listOrderEvents(await orderDeps(), principal, path.id),
}));
