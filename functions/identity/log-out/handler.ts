import { refreshBody } from '#shared/application/identity/schemas.ts';
import { logOut } from '#shared/application/identity/log-out.ts';
import { endSessionDeps } from '#shared/composition/identity.ts';
import { publicRoute } from '#shared/middleware/http/route.ts';

export const handler = publicRoute({ schemas: { body: refreshBody } }, async ({ body }) => {
  await logOut(await endSessionDeps(), body.refreshToken);
  return { status: 204 };
});
