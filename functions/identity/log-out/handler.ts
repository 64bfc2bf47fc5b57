import { refreshBody } from '#shared/application/identity/schemas.ts';
import { endSession } from '#shared/application/identity/sessions.ts';
import { endSessionDeps } from '#shared/composition/identity.ts';
import { publicRoute } from '#shared/middleware/http/route.ts';

export const handler = publicRoute({ schemas: { body: refreshBody } }, async ({ body }) => {
  await endSession(await endSessionDeps(), body.refreshToken);
  return { status: 204 };
});
