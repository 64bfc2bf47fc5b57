import { randomBytes } from 'node:crypto';
import { logIn } from '#shared/application/identity/log-in.ts';
import { loginBody } from '#shared/application/identity/schemas.ts';
import { hasher, identityConfig as config, limiter, sessionDeps } from '#shared/composition/identity.ts';
import { once } from '#shared/composition/memo.ts';
import { httpRoute } from '#shared/middleware/http/route.ts';

const decoyHash = once(() => hasher.hash(randomBytes(18).toString('base64url')));
const limits = { perEmail: config.RATE_LOGIN_PER_EMAIL, perIp: config.RATE_LOGIN_PER_IP };

export const handler = httpRoute(
  { auth: 'public', corsOrigins: config.CORS_ALLOWED_ORIGINS, schemas: { body: loginBody } },
  async ({ body, event }) => {
    const deps = { ...(await sessionDeps()), hasher, limiter: await limiter(), limits, decoyHash: await decoyHash() };
    const sourceIp = event.requestContext?.http?.sourceIp ?? 'unknown';
    return { status: 200, body: await logIn(deps, { ...body, sourceIp }), headers: { 'cache-control': 'no-store' } };
  },
);
