import { productIdPath, updateProductBody } from '#shared/application/catalog/schemas.ts';
import { updateProduct } from '#shared/application/catalog/update-product.ts';
import { accessTokenVerifier } from '#shared/composition/auth.ts';
import { catalogConfig as config, clock, products } from '#shared/composition/catalog.ts';
import { httpRoute } from '#shared/middleware/http/route.ts';

export const handler = httpRoute(
  { auth: 'products:manage', verifier: accessTokenVerifier, corsOrigins: config.CORS_ALLOWED_ORIGINS, schemas: { body: updateProductBody, path: productIdPath } },
  async ({ body, path }) => ({ status: 200, body: await updateProduct({ products, clock }, path.id, body) }),
);
