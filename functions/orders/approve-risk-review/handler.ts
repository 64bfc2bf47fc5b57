import { approveRiskReview } from '#shared/application/orders/approve-risk-review.ts';
import { orderIdPath } from '#shared/application/orders/schemas.ts';
import { orderDeps, ordersRoute } from '#shared/composition/orders.ts';

export const handler = ordersRoute({ auth: 'risk:manage', schemas: { path: orderIdPath } }, async ({ principal, path, context }) => ({
  status: 200,
  body: await approveRiskReview(await orderDeps(), { orderId: path.id, actor: principal, correlationId: context.correlationId }),
}));
