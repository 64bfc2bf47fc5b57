import { refreshBody } from '#shared/application/identity/schemas.ts';
import { refreshSession } from '#shared/application/identity/refresh-session.ts';
import { sessionDeps } from '#shared/composition/identity.ts';
import { publicRoute } from '#shared/middleware/http/route.ts';

export const handler = publicRoute({ schemas: { body: refreshBody } }, async ({ body }) => ({
  status: 200,
  body: await refreshSession(await sessionDeps(), body.refreshToken),
  headers: { 'cache-control': 'no-store' },
}));
