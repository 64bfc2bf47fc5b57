import { idempotencyHeaders, placeOrderBody } from '#shared/application/orders/schemas.ts';
import { ordersRoute, placeOrderOnce } from '#shared/composition/orders.ts';

export const handler = ordersRoute(
  { auth: 'orders:create', schemas: { body: placeOrderBody, headers: idempotencyHeaders } },
  async ({ principal, body, headers, context }) => {
    const input = { customerId: principal.userId, body, correlationId: context.correlationId, idempotencyKey: headers['idempotency-key'] };
    const order = await (await placeOrderOnce())(input, context);
    return { status: 201, body: order, headers: { location: `/orders/${order.id}` } };
  },
);
