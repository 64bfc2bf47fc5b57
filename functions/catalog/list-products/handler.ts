import { listProducts } from '#shared/application/catalog/list-products.ts';
import { catalogQuery } from '#shared/application/catalog/schemas.ts';
import { listProductsDeps } from '#shared/composition/catalog.ts';
import { publicRoute } from '#shared/middleware/http/route.ts';

export const handler = publicRoute({ schemas: { query: catalogQuery } }, async ({ query }) => ({
  status: 200,
  body: await listProducts(await listProductsDeps(), query),
}));
