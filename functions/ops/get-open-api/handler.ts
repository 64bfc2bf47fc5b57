import { getOpenApi } from '#shared/application/ops/get-open-api.ts';
import { openApiDeps } from '#shared/composition/ops.ts';
import { publicRoute } from '#shared/middleware/http/route.ts';

/** The OpenAPI 3.1 document generated from the zod schemas (`npm run openapi`), bundled at build time. */
export const handler = publicRoute({}, async () => ({
  status: 200,
  raw: getOpenApi(await openApiDeps()),
  headers: { 'cache-control': 'public, max-age=300' },
}));
