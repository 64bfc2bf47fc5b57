import { shipOrder } from '#shared/application/orders/ship-order.ts';
import { orderIdPath } from '#shared/application/orders/schemas.ts';
import { orderDeps, ordersRoute } from '#shared/composition/orders.ts';

export const handler = ordersRoute({ auth: 'orders:fulfil:any', schemas: { path: orderIdPath } }, async ({ principal, path, context }) => ({
  status: 200,
  body: await shipOrder(await orderDeps(), { orderId: path.id, actor: principal, correlationId: context.correlationId }),
}));
