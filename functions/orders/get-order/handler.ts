import { getOrder } from '#shared/application/orders/get-order.ts';
import { orderIdPath } from '#shared/application/orders/schemas.ts';
import { accessTokenVerifier } from '#shared/composition/auth.ts';
import { orderDeps, ordersConfig as config } from '#shared/composition/orders.ts';
import { httpRoute } from '#shared/middleware/http/route.ts';

export const handler = httpRoute(
  { auth: 'signedIn', verifier: accessTokenVerifier, corsOrigins: config.CORS_ALLOWED_ORIGINS, schemas: { path: orderIdPath } },
  async ({ principal, path }) => ({ status: 200, body: await getOrder(orderDeps, principal, path.id) }),
);
