import type { CacheObserver, CatalogPage, CatalogPageCache, MemoryCache, ProductRepository } from '#shared/domain/catalog/ports.ts';
import { toCatalogEntry } from '#shared/domain/catalog/product.ts';
import type { CatalogQuery } from './schemas.ts';

export interface ListProductsDeps {
  products: Pick<ProductRepository, 'listActive' | 'pageDepth'>;
  memory: MemoryCache<CatalogPage>;
  pages: CatalogPageCache;
  observer: CacheObserver;
  /** L2 holds the first this many pages of each limit; deeper pages always come from the index. */
  cachedPages: number;
}

const memoryKey = ({ limit, cursor }: CatalogQuery) => `${limit}:${cursor ?? ''}`;

/**
 * One page of active products, through two caches:
 * 0. the cursor is checked first: one the repository did not issue is a ValidationError, and no cache is touched;
 * 1. L1, this container's memory (TTL);
 * 2. L2, the page materialised in the table (one GetItem instead of a Query), for the first `cachedPages` pages only;
 * 3. otherwise the index, and the page is stored in both. A failed L2 write costs a log line, not the request.
 * Cached pages are display-only: placing an order reads the product items themselves.
 */
export const listProducts = async (
  { products, memory, pages, observer, cachedPages }: ListProductsDeps,
  query: CatalogQuery,
): Promise<CatalogPage> => {
  const position = { limit: query.limit, depth: products.pageDepth(query.cursor), cursor: query.cursor };
  const key = memoryKey(query);
  const remembered = memory.get(key);
  if (remembered) {
    observer.hit('L1');
    return remembered;
  }
  observer.miss('L1');
  const shared = position.depth < cachedPages;
  const stored = shared ? await pages.get(position) : undefined;
  if (stored) {
    observer.hit('L2');
    memory.set(key, stored);
    return stored;
  }
  if (shared) observer.miss('L2');
  const found = await products.listActive(query);
  const page: CatalogPage = { items: found.items.map(toCatalogEntry), nextCursor: found.nextCursor };
  if (shared) await pages.put(position, page).catch((error: unknown) => observer.writeFailed('L2', error));
  memory.set(key, page);
  return page;
};
