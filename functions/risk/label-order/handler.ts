import { labelOrder } from '#shared/application/risk/label-order.ts';
import { labelBody, orderIdPath } from '#shared/application/risk/schemas.ts';
import { riskAdminDeps, riskRoute } from '#shared/composition/risk.ts';

export const handler = riskRoute({ auth: 'risk:manage', schemas: { path: orderIdPath, body: labelBody } }, async ({ path, body }) => {
  await labelOrder(await riskAdminDeps(), { orderId: path.id, fraud: body.fraud });
  return { status: 204 };
});
