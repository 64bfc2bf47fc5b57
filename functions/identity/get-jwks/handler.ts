import { jwksDocument } from '#shared/composition/auth.ts';
import { publicRoute } from '#shared/middleware/http/route.ts';

export const handler = publicRoute({}, async () => ({
  status: 200,
  body: await jwksDocument(),
  headers: { 'cache-control': 'public, max-age=300' },
}));
