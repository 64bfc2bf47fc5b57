import { getRouting } from '#shared/application/risk/get-routing.ts';
import { riskAdminDeps, riskRoute } from '#shared/composition/risk.ts';

export const handler = riskRoute({ auth: 'risk:manage' }, async () => ({ status: 200, body: await getRouting(await riskAdminDeps()) }));
