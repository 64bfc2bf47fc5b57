import { routingBody } from '#shared/application/risk/schemas.ts';
import { setRouting } from '#shared/application/risk/set-routing.ts';
import { riskAdminDeps, riskRoute } from '#shared/composition/risk.ts';

export const handler = riskRoute({ auth: 'risk:manage', schemas: { body: routingBody } }, async ({ body }) => ({
  status: 200,
  body: await setRouting(await riskAdminDeps(), body),
}));
