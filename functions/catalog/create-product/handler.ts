import { createProduct } from '#shared/application/catalog/create-product.ts';
import { createProductBody } from '#shared/application/catalog/schemas.ts';
import { accessTokenVerifier } from '#shared/composition/auth.ts';
import { catalogConfig as config, clock, newId, products } from '#shared/composition/catalog.ts';
import { httpRoute } from '#shared/middleware/http/route.ts';

export const handler = httpRoute(
  { auth: 'products:manage', verifier: accessTokenVerifier, corsOrigins: config.CORS_ALLOWED_ORIGINS, schemas: { body: createProductBody } },
  async ({ body }) => ({ status: 201, body: await createProduct({ products, clock, newId }, body) }),
);
