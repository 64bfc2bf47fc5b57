import { deliverOrder } from '#shared/application/orders/deliver-order.ts';
import { orderIdPath } from '#shared/application/orders/schemas.ts';
import { orderDeps, ordersRoute } from '#shared/composition/orders.ts';

export const handler = ordersRoute({ auth: 'orders:fulfil:any', schemas: { path: orderIdPath } }, async ({ principal, path, context }) => ({
  status: 200,
  body: await deliverOrder(await orderDeps(), { orderId: path.id, actor: principal, correlationId: context.correlationId }),
}));
