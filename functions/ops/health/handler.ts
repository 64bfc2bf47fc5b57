import { health } from '#shared/application/ops/health.ts';
import { healthDeps } from '#shared/composition/ops.ts';
import { publicRoute } from '#shared/middleware/http/route.ts';

export const handler = publicRoute({}, async () => ({
  status: 200,
  body: health(await healthDeps()),
  headers: { 'cache-control': 'no-store' },
}));
