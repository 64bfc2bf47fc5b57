import { registerUser } from '#shared/application/identity/register-user.ts';
import { registerBody } from '#shared/application/identity/schemas.ts';
import { clock, hasher, identityConfig as config, limiter, newId, users } from '#shared/composition/identity.ts';
import { rateLimit } from '#shared/middleware/http/rate-limit.ts';
import { httpRoute } from '#shared/middleware/http/route.ts';

export const handler = httpRoute(
  {
    auth: 'public',
    corsOrigins: config.CORS_ALLOWED_ORIGINS,
    schemas: { body: registerBody },
    guards: [rateLimit({ scope: 'register-ip', rule: config.RATE_REGISTER_PER_IP, limiter })],
  },
  async ({ body }) => ({ status: 201, body: await registerUser({ users: await users(), hasher, clock, newId }, body) }),
);
