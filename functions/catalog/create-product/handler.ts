import { createProduct } from '#shared/application/catalog/create-product.ts';
import { createProductBody } from '#shared/application/catalog/schemas.ts';
import { catalogRoute, manageProductDeps } from '#shared/composition/catalog.ts';

export const handler = catalogRoute({ auth: 'products:manage', schemas: { body: createProductBody } }, async ({ body }) => ({
  status: 201,
  body: await createProduct(await manageProductDeps(), body),
}));
