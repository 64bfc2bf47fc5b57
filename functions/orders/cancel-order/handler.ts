import { cancelOrder } from '#shared/application/orders/cancel-order.ts';
import { orderIdPath } from '#shared/application/orders/schemas.ts';
import { orderDeps, ordersRoute } from '#shared/composition/orders.ts';

export const handler = ordersRoute({ auth: 'signedIn', schemas: { path: orderIdPath } }, async ({ principal, path, context }) => ({
  status: 200,
  body: await cancelOrder(await orderDeps(), { orderId: path.id, actor: principal, correlationId: context.correlationId }),
}));
