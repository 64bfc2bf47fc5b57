import type { CatalogPageCache } from '#shared/domain/catalog/ports.ts';

/**
 * Drops every materialised catalog page after a product changed (created, edited, archived, stock moved by an order).
 * Pages are few and cheap to rebuild, so clearing all beats working out which pages held the product.
 * L1 copies in running containers are not reachable from here: they converge within their own TTL.
 */
export const invalidateCatalogCache = async ({ pages }: { pages: Pick<CatalogPageCache, 'clear'> }): Promise<number> => pages.clear();
