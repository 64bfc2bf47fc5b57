import { listMyOrders } from '#shared/application/orders/list-my-orders.ts';
import { orderListQuery } from '#shared/application/orders/schemas.ts';
import { accessTokenVerifier } from '#shared/composition/auth.ts';
import { orderDeps, ordersConfig as config } from '#shared/composition/orders.ts';
import { httpRoute } from '#shared/middleware/http/route.ts';

export const handler = httpRoute(
  { auth: 'signedIn', verifier: accessTokenVerifier, corsOrigins: config.CORS_ALLOWED_ORIGINS, schemas: { query: orderListQuery } },
  async ({ principal, query }) => ({ status: 200, body: await listMyOrders(orderDeps, principal, query) }),
);
