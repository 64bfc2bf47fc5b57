import { archiveProduct } from '#shared/application/catalog/archive-product.ts';
import { productIdPath } from '#shared/application/catalog/schemas.ts';
import { accessTokenVerifier } from '#shared/composition/auth.ts';
import { catalogConfig as config, clock, products } from '#shared/composition/catalog.ts';
import { httpRoute } from '#shared/middleware/http/route.ts';

export const handler = httpRoute(
  { auth: 'products:manage', verifier: accessTokenVerifier, corsOrigins: config.CORS_ALLOWED_ORIGINS, schemas: { path: productIdPath } },
  async ({ path }) => {
    await archiveProduct({ products, clock }, path.id);
    return { status: 204 };
  },
);
