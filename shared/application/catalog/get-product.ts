import { NotFoundError } from '#shared/domain/errors.ts';
import type { CacheObserver, MemoryCache, ProductRepository } from '#shared/domain/catalog/ports.ts';
import { toProductView, type ProductView } from '#shared/domain/catalog/product.ts';

export interface GetProductDeps {
  products: Pick<ProductRepository, 'get'>;
  /** L1 only: one GetItem is already as cheap as an L2 lookup would be. */
  memory: MemoryCache<ProductView>;
  observer: CacheObserver;
}

/** A product by id, active or archived; unknown ids are 404 and never cached, so a new product shows at once. */
export const getProduct = async ({ products, memory, observer }: GetProductDeps, id: string): Promise<ProductView> => {
  const cached = memory.get(id);
  if (cached) {
    observer.hit('L1');
    return cached;
  }
  observer.miss('L1');
  const product = await products.get(id);
  if (!product) throw new NotFoundError('Product not found.');
  const view = toProductView(product);
  memory.set(id, view);
  return view;
};
