import { healthDeep } from '#shared/application/ops/health-deep.ts';
import { deepHealthDeps, opsRoute } from '#shared/composition/ops.ts';

export const handler = opsRoute({ auth: 'ops:health-deep' }, async () => {
  const report = await healthDeep(await deepHealthDeps());
  return { status: report.status === 'ok' ? 200 : 503, body: report, headers: { 'cache-control': 'no-store' } };
});
