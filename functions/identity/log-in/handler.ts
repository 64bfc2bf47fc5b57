import { logIn } from '#shared/application/identity/log-in.ts';
import { loginBody } from '#shared/application/identity/schemas.ts';
import { logInDeps } from '#shared/composition/identity.ts';
import { publicRoute } from '#shared/middleware/http/route.ts';

export const handler = publicRoute({ schemas: { body: loginBody } }, async ({ body, event }) => {
  const sourceIp = event.requestContext?.http?.sourceIp ?? 'unknown';
  return { status: 200, body: await logIn(await logInDeps(), { ...body, sourceIp }), headers: { 'cache-control': 'no-store' } };
});
