import { getProduct } from '#shared/application/catalog/get-product.ts';
import { productIdPath } from '#shared/application/catalog/schemas.ts';
import { getProductDeps } from '#shared/composition/catalog.ts';
import { publicRoute } from '#shared/middleware/http/route.ts';

export const handler = publicRoute({ schemas: { path: productIdPath } }, async ({ path }) => ({
  status: 200,
  body: await getProduct(await getProductDeps(), path.id),
}));
