import { getProfile } from '#shared/application/identity/profiles.ts';
import { identityConfig as config, users } from '#shared/composition/identity.ts';
import { httpRoute } from '#shared/middleware/http/route.ts';

export const handler = httpRoute({ auth: 'users:read:self', corsOrigins: config.CORS_ALLOWED_ORIGINS }, async ({ principal }) => ({
  status: 200,
  body: await getProfile({ users: await users() }, principal.userId),
}));
