import { updateProfile } from '#shared/application/identity/update-profile.ts';
import { updateMeBody } from '#shared/application/identity/schemas.ts';
import { clock, identityConfig as config, users } from '#shared/composition/identity.ts';
import { accessTokenVerifier } from '#shared/composition/auth.ts';
import { httpRoute } from '#shared/middleware/http/route.ts';

export const handler = httpRoute(
  { auth: 'users:update:self', verifier: accessTokenVerifier, corsOrigins: config.CORS_ALLOWED_ORIGINS, schemas: { body: updateMeBody } },
  async ({ principal, body }) => ({ status: 200, body: await updateProfile({ users: await users(), clock }, principal.userId, body) }),
);
