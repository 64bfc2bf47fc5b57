import type { ProductRepository } from '#shared/domain/catalog/ports.ts';
import { parseProductChanges, toProductView, type ProductView } from '#shared/domain/catalog/product.ts';
import type { Clock } from '#shared/domain/clock.ts';
import type { UpdateProductBody } from './schemas.ts';

export interface UpdateProductDeps {
  products: Pick<ProductRepository, 'update'>;
  clock: Clock;
}

/**
 * Edits name, description or price and moves stock by a delta, in one conditional write: no read-modify-write,
 * so it composes with concurrent edits and order reservations. 404 unknown; 409 archived or stock below 0.
 */
export const updateProduct = async ({ products, clock }: UpdateProductDeps, id: string, body: UpdateProductBody): Promise<ProductView> =>
  toProductView(await products.update(id, parseProductChanges(body), clock.now().toISOString()));
