import { productIdPath, updateProductBody } from '#shared/application/catalog/schemas.ts';
import { updateProduct } from '#shared/application/catalog/update-product.ts';
import { catalogRoute, manageProductDeps } from '#shared/composition/catalog.ts';

export const handler = catalogRoute(
  { auth: 'products:manage', schemas: { body: updateProductBody, path: productIdPath } },
  async ({ body, path }) => ({
    status: 200,
    body: await updateProduct(await manageProductDeps(), path.id, body),
  }),
);
