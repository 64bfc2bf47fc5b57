import { checkHealth } from '#shared/application/ops/check-health.ts';
import { deepHealthDeps, opsRoute } from '#shared/composition/ops.ts';

export const handler = opsRoute({ auth: 'ops:health-deep' }, async () => {
  const { checks, timeoutMs } = await deepHealthDeps();
  const report = await checkHealth(checks, { timeoutMs });
  return { status: report.status === 'ok' ? 200 : 503, body: report, headers: { 'cache-control': 'no-store' } };
});
