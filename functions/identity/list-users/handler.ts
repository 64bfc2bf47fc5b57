import { listUsers } from '#shared/application/identity/list-users.ts';
import { pageQuery } from '#shared/application/identity/schemas.ts';
import { identityConfig as config, users } from '#shared/composition/identity.ts';
import { accessTokenVerifier } from '#shared/composition/auth.ts';
import { httpRoute } from '#shared/middleware/http/route.ts';

export const handler = httpRoute(
  { auth: 'users:read:any', verifier: accessTokenVerifier, corsOrigins: config.CORS_ALLOWED_ORIGINS, schemas: { query: pageQuery } },
  async ({ query }) => ({ status: 200, body: await listUsers({ users: await users() }, query) }),
);
