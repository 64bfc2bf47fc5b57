import { listOrderEvents } from '#shared/application/orders/list-order-events.ts';
import { orderIdPath } from '#shared/application/orders/schemas.ts';
import { accessTokenVerifier } from '#shared/composition/auth.ts';
import { orderDeps, ordersConfig as config } from '#shared/composition/orders.ts';
import { httpRoute } from '#shared/middleware/http/route.ts';

export const handler = httpRoute(
  { auth: 'signedIn', verifier: accessTokenVerifier, corsOrigins: config.CORS_ALLOWED_ORIGINS, schemas: { path: orderIdPath } },
  async ({ principal, path }) => ({ status: 200, body: await listOrderEvents(orderDeps, principal, path.id) }),
);
