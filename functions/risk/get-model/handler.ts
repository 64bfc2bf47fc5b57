import { getModel } from '#shared/application/risk/get-model.ts';
import { modelVersionPath } from '#shared/application/risk/schemas.ts';
import { riskAdminDeps, riskRoute } from '#shared/composition/risk.ts';

export const handler = riskRoute({ auth: 'risk:manage', schemas: { path: modelVersionPath } }, async ({ path }) => ({
  status: 200,
  body: await getModel(await riskAdminDeps(), path.version),
}));
