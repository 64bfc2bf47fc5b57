import { refreshBody } from '#shared/application/identity/schemas.ts';
import { refreshSession } from '#shared/application/identity/refresh-session.ts';
import { identityConfig as config, sessionDeps } from '#shared/composition/identity.ts';
import { httpRoute } from '#shared/middleware/http/route.ts';

export const handler = httpRoute(
  { auth: 'public', corsOrigins: config.CORS_ALLOWED_ORIGINS, schemas: { body: refreshBody } },
  async ({ body }) => ({ status: 200, body: await refreshSession(await sessionDeps(), body.refreshToken), headers: { 'cache-control': 'no-store' } }),
);
