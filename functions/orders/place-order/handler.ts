import { placeOrder } from '#shared/application/orders/place-order.ts';
import { idempotencyHeaders, placeOrderBody } from '#shared/application/orders/schemas.ts';
import { accessTokenVerifier } from '#shared/composition/auth.ts';
import { dynamoClient, orderDeps, ordersConfig as config } from '#shared/composition/orders.ts';
import { idempotentPlaceOrder } from '#shared/infrastructure/orders/idempotent-place.ts';
import { httpRoute } from '#shared/middleware/http/route.ts';

const placeOnce = idempotentPlaceOrder(
  { client: dynamoClient, tableName: config.TABLE_NAME, expiresAfterSeconds: config.ORDER_IDEMPOTENCY_TTL_SECONDS },
  (input) => placeOrder(orderDeps, input),
);

export const handler = httpRoute(
  { auth: 'orders:create', verifier: accessTokenVerifier, corsOrigins: config.CORS_ALLOWED_ORIGINS, schemas: { body: placeOrderBody, headers: idempotencyHeaders } },
  async ({ principal, body, headers, context }) => {
    const input = { customerId: principal.userId, body, correlationId: context.correlationId, idempotencyKey: headers['idempotency-key'] };
    const order = await placeOnce(input, context);
    return { status: 201, body: order, headers: { location: `/orders/${order.id}` } };
  },
);
