import { archiveProduct } from '#shared/application/catalog/archive-product.ts';
import { productIdPath } from '#shared/application/catalog/schemas.ts';
import { catalogRoute, manageProductDeps } from '#shared/composition/catalog.ts';

export const handler = catalogRoute({ auth: 'products:manage', schemas: { path: productIdPath } }, async ({ path }) => {
  await archiveProduct(await manageProductDeps(), path.id);
  return { status: 204 };
});
