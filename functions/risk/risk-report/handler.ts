import { riskReport } from '#shared/application/risk/risk-report.ts';
import { reportQuery } from '#shared/application/risk/schemas.ts';
import { riskAdminDeps, riskRoute } from '#shared/composition/risk.ts';

const DAY_MS = 86_400_000;

export const handler = riskRoute({ auth: 'risk:manage', schemas: { query: reportQuery } }, async ({ query }) => ({
  status: 200,
  body: await riskReport(await riskAdminDeps(), new Date(query.since ?? Date.now() - DAY_MS).toISOString()),
}));
