import type { CatalogEntry } from '#shared/domain/catalog/product.ts';

export interface Clock {
  now(): Date;
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

/** L2: materialised catalog pages shared by every container, expired by TTL and cleared when a product changes. */
export interface CatalogPageCache {
  /** The page if stored and not expired. */
  get(limit: number, cursor: string | undefined): Promise<CatalogPage | undefined>;
  put(limit: number, cursor: string | undefined, page: CatalogPage): Promise<void>;
  /** Drops every stored page; returns how many. */
  clear(): Promise<number>;
}

/** Where cache hits, misses and failed cache writes are counted. */
export interface CacheObserver {
  hit(level: CacheLevel): void;
  miss(level: CacheLevel): void;
  writeFailed(level: CacheLevel, error: unknown): void;
}
