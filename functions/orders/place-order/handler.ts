import { placeOrder } from '#shared/application/orders/place-order.ts';
import { idempotencyHeaders, placeOrderBody } from '#shared/application/orders/schemas.ts';
import { ordersRoute, placeOrderDeps } from '#shared/composition/orders.ts';

export const handler = ordersRoute(
  { auth: 'orders:create', schemas: { body: placeOrderBody, headers: idempotencyHeaders } },
  async ({ principal, body, headers, context }) => {
    const input = { customerId: principal.userId, body, correlationId: context.correlationId, idempotencyKey: headers['idempotency-key'] };
    const order = await placeOrder(await placeOrderDeps(), input);
    return { status: 201, body: order, headers: { location: `/orders/${order.id}` } };
  },
);
