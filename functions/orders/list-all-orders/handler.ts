import { listAllOrders } from '#shared/application/orders/list-all-orders.ts';
import { orderListQuery } from '#shared/application/orders/schemas.ts';
import { accessTokenVerifier } from '#shared/composition/auth.ts';
import { orderDeps, ordersConfig as config } from '#shared/composition/orders.ts';
import { httpRoute } from '#shared/middleware/http/route.ts';

export const handler = httpRoute(
  { auth: 'orders:read:any', verifier: accessTokenVerifier, corsOrigins: config.CORS_ALLOWED_ORIGINS, schemas: { query: orderListQuery } },
  async ({ query }) => ({ status: 200, body: await listAllOrders(orderDeps, query) }),
);
