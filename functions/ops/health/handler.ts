import { baseConfigSchema, loadConfig } from '#shared/config.ts';
import { httpRoute } from '#shared/middleware/http/route.ts';

const config = loadConfig(baseConfigSchema);

export const handler = httpRoute({ auth: 'public', corsOrigins: config.CORS_ALLOWED_ORIGINS }, async () => ({
  status: 200,
  body: { status: 'ok', version: config.SERVICE_VERSION, time: new Date().toISOString() },
  headers: { 'cache-control': 'no-store' },
}));
