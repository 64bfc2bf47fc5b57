import { listProducts } from '#shared/application/catalog/list-products.ts';
import { catalogQuery } from '#shared/application/catalog/schemas.ts';
import { catalogConfig as config, listProductsDeps } from '#shared/composition/catalog.ts';
import { httpRoute } from '#shared/middleware/http/route.ts';

const deps = listProductsDeps();

export const handler = httpRoute(
  { auth: 'public', corsOrigins: config.CORS_ALLOWED_ORIGINS, schemas: { query: catalogQuery } },
  async ({ query }) => ({ status: 200, body: await listProducts(deps, query) }),
);
