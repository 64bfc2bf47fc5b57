import { opsConfig } from '#shared/composition/ops.ts';
import { publicRoute } from '#shared/middleware/http/route.ts';

export const handler = publicRoute({}, async () => ({
  status: 200,
  body: { status: 'ok', version: opsConfig.SERVICE_VERSION, time: new Date().toISOString() },
  headers: { 'cache-control': 'no-store' },
}));
