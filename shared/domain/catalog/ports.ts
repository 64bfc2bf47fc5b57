import type { CatalogEntry, Product, ProductChanges, ProductId } from './product.ts';

export interface ProductPage {
  items: Product[];
  nextCursor: string | null;
}

export interface ListProductsQuery {
  /** 1 to 100. */
  limit: number;
  /** Opaque, from the previous page's `nextCursor`. */
  cursor?: string | undefined;
}

/** Where products live. Changes are applied atomically in storage, never read-modify-write. */
export interface ProductRepository {
  /** Stores a new product; ConflictError when the id exists. */
  create(product: Product): Promise<void>;
  /** The product, active or archived, or undefined. */
  get(id: ProductId): Promise<Product | undefined>;
  /** Active products by name; ValidationError on `cursor` for a cursor it did not issue. */
  listActive(query: ListProductsQuery): Promise<ProductPage>;
  /** How many pages after the first a cursor of `listActive` leads to (0 without one); ValidationError as above. */
  pageDepth(cursor: string | undefined): number;
  /**
   * Applies validated changes in one conditional write, with the rules of `reviseProduct`: NotFoundError when absent,
   * ConflictError when archived or when the stock would leave 0..MAX_STOCK. Returns the product as stored.
   */
  update(id: ProductId, changes: ProductChanges, now: string): Promise<Product>;
  /** Archives (idempotent) and returns the product as stored; NotFoundError when absent. */
  archive(id: ProductId, now: string): Promise<Product>;
}

/** One page of the public catalog, exactly as the API returns it (and as the caches hold it). */
export interface CatalogPage {
  items: CatalogEntry[];
  nextCursor: string | null;
}

export type CacheLevel = 'L1' | 'L2';

/** L1: a per-container memory cache whose entries expire after a fixed TTL. */
export interface MemoryCache<T> {
  get(key: string): T | undefined;
  set(key: string, value: T): void;
}

/** Which list page: its size, how many pages after the first it is, and the cursor that opens it (none for the first). */
export interface PagePosition {
  limit: number;
  depth: number;
  cursor: string | undefined;
}

/**
 * L2: materialised catalog pages shared by every container, expired by TTL and cleared when a product changes.
 * Bounded by its keys: one slot per limit and depth, so a page stored for another cursor at the same slot replaces it.
 */
export interface CatalogPageCache {
  /** The page if stored for exactly this position and not expired. */
  get(position: PagePosition): Promise<CatalogPage | undefined>;
  put(position: PagePosition, page: CatalogPage): Promise<void>;
  /** Drops every stored page; returns how many. */
  clear(): Promise<number>;
}

/** Where cache hits, misses and failed cache writes are counted. */
export interface CacheObserver {
  hit(level: CacheLevel): void;
  miss(level: CacheLevel): void;
  writeFailed(level: CacheLevel, error: unknown): void;
}
