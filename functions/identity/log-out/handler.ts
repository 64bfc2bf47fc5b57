import { refreshBody } from '#shared/application/identity/schemas.ts';
import { logOut } from '#shared/application/identity/log-out.ts';
import { identityConfig as config, refreshTokens } from '#shared/composition/identity.ts';
import { httpRoute } from '#shared/middleware/http/route.ts';

export const handler = httpRoute(
  { auth: 'public', corsOrigins: config.CORS_ALLOWED_ORIGINS, schemas: { body: refreshBody } },
  async ({ body }) => {
    await logOut({ refreshTokens }, body.refreshToken);
    return { status: 204 };
  },
);
