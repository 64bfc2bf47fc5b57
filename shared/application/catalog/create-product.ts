import type { ProductRepository } from '#shared/domain/catalog/ports.ts';
import { newActiveProduct, toProductView, type ProductView } from '#shared/domain/catalog/product.ts';
import type { Clock } from '#shared/domain/clock.ts';
import type { CreateProductBody } from './schemas.ts';

export interface CreateProductDeps {
  products: Pick<ProductRepository, 'create'>;
  clock: Clock;
  newId: () => string;
}

/** Adds an active product to the catalog. */
export const createProduct = async ({ products, clock, newId }: CreateProductDeps, body: CreateProductBody): Promise<ProductView> => {
  const product = newActiveProduct({ ...body, id: newId() }, clock.now().toISOString());
  await products.create(product);
  return toProductView(product);
};
