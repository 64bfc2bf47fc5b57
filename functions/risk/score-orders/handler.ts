import { scoreBody } from '#shared/application/risk/schemas.ts';
import { scoreOrders } from '#shared/application/risk/score-orders.ts';
import { riskAdminDeps, riskRoute } from '#shared/composition/risk.ts';

export const handler = riskRoute({ auth: 'risk:manage', schemas: { body: scoreBody } }, async ({ body }) => ({
  status: 200,
  body: await scoreOrders(
    await riskAdminDeps(),
    body.items.map((item) => item.orderId),
  ),
}));
