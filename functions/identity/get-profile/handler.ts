import { getProfile } from '#shared/application/identity/get-profile.ts';
import { identityConfig as config, users } from '#shared/composition/identity.ts';
import { accessTokenVerifier } from '#shared/composition/auth.ts';
import { httpRoute } from '#shared/middleware/http/route.ts';

export const handler = httpRoute({ auth: 'users:read:self', verifier: accessTokenVerifier, corsOrigins: config.CORS_ALLOWED_ORIGINS }, async ({ principal }) => ({
  status: 200,
  body: await getProfile({ users: await users() }, principal.userId),
}));
