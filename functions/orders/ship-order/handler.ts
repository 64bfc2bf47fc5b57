import { shipOrder } from '#shared/application/orders/ship-order.ts';
import { orderIdPath } from '#shared/application/orders/schemas.ts';
import { accessTokenVerifier } from '#shared/composition/auth.ts';
import { orderDeps, ordersConfig as config } from '#shared/composition/orders.ts';
import { httpRoute } from '#shared/middleware/http/route.ts';

export const handler = httpRoute(
  { auth: 'orders:fulfil:any', verifier: accessTokenVerifier, corsOrigins: config.CORS_ALLOWED_ORIGINS, schemas: { path: orderIdPath } },
  async ({ principal, path, context }) => ({
    status: 200,
    body: await shipOrder(orderDeps, { orderId: path.id, actor: principal, correlationId: context.correlationId }),
  }),
);
