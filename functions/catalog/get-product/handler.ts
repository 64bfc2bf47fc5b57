import { getProduct } from '#shared/application/catalog/get-product.ts';
import { productIdPath } from '#shared/application/catalog/schemas.ts';
import { catalogConfig as config, getProductDeps } from '#shared/composition/catalog.ts';
import { httpRoute } from '#shared/middleware/http/route.ts';

const deps = getProductDeps();

export const handler = httpRoute(
  { auth: 'public', corsOrigins: config.CORS_ALLOWED_ORIGINS, schemas: { path: productIdPath } },
  async ({ path }) => ({ status: 200, body: await getProduct(deps, path.id) }),
);
