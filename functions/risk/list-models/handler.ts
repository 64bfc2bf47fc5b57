import { listModels } from '#shared/application/risk/list-models.ts';
import { riskAdminDeps, riskRoute } from '#shared/composition/risk.ts';

export const handler = riskRoute({ auth: 'risk:manage' }, async () => ({ status: 200, body: await listModels(await riskAdminDeps()) }));
