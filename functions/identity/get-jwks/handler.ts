import { baseConfigSchema, loadConfig } from '#shared/config.ts';
import { signingKeys } from '#shared/composition/auth.ts';
import { publicJwks } from '#shared/infrastructure/tokens/public-jwks.ts';
import { httpRoute } from '#shared/middleware/http/route.ts';

const config = loadConfig(baseConfigSchema);

export const handler = httpRoute({ auth: 'public', corsOrigins: config.CORS_ALLOWED_ORIGINS }, async () => ({
  status: 200,
  body: publicJwks((await signingKeys()).keys),
  headers: { 'cache-control': 'public, max-age=300' },
}));
