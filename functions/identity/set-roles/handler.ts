import { setRoles } from '#shared/application/identity/set-roles.ts';
import { setRolesBody, userIdPath } from '#shared/application/identity/schemas.ts';
import { clock, identityConfig as config, users } from '#shared/composition/identity.ts';
import { accessTokenVerifier } from '#shared/composition/auth.ts';
import { httpRoute } from '#shared/middleware/http/route.ts';

export const handler = httpRoute(
  { auth: 'users:update-roles:any', verifier: accessTokenVerifier, corsOrigins: config.CORS_ALLOWED_ORIGINS, schemas: { body: setRolesBody, path: userIdPath } },
  async ({ body, path }) => ({ status: 200, body: await setRoles({ users: await users(), clock }, path.id, body.roles) }),
);
