import { registerUser } from '#shared/application/identity/register-user.ts';
import { registerBody } from '#shared/application/identity/schemas.ts';
import { identityConfig, limiter, registerUserDeps } from '#shared/composition/identity.ts';
import { rateLimit } from '#shared/middleware/http/rate-limit.ts';
import { publicRoute } from '#shared/middleware/http/route.ts';

export const handler = publicRoute(
  { schemas: { body: registerBody }, guards: [rateLimit({ scope: 'register-ip', rule: identityConfig.RATE_REGISTER_PER_IP, limiter })] },
  async ({ body }) => ({ status: 201, body: await registerUser(await registerUserDeps(), body) }),
);
