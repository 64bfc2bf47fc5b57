import { getJwks } from '#shared/application/identity/get-jwks.ts';
import { jwksDeps } from '#shared/composition/auth.ts';
import { publicRoute } from '#shared/middleware/http/route.ts';

export const handler = publicRoute({}, async () => ({
  status: 200,
  body: await getJwks(await jwksDeps()),
  headers: { 'cache-control': 'public, max-age=300' },
}));
