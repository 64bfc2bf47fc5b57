import type { ProductRepository } from '#shared/domain/catalog/ports.ts';
import type { Clock } from '#shared/domain/clock.ts';

export interface ArchiveProductDeps {
  products: Pick<ProductRepository, 'archive'>;
  clock: Clock;
}

/** Archives (idempotent): hidden from the list, still readable by id, and orders that hold it keep working. */
export const archiveProduct = async ({ products, clock }: ArchiveProductDeps, id: string): Promise<void> => {
  await products.archive(id, clock.now().toISOString());
};
