import type { CacheLevel, CacheObserver, CatalogPage, CatalogPageCache, MemoryCache } from '../ports.ts';

/** A memory cache with no TTL; tests expire entries by calling `clear()`. */
export class MapMemoryCache<T> implements MemoryCache<T> {
  readonly entries = new Map<string, T>();
  get(key: string) {
    return this.entries.get(key);
  }
  set(key: string, value: T) {
    this.entries.set(key, value);
  }
  clear() {
    this.entries.clear();
  }
}

export class InMemoryCatalogPageCache implements CatalogPageCache {
  readonly pages = new Map<string, string>();
  failWrites = false;
  private key = (limit: number, cursor: string | undefined) => `${limit}#${cursor ?? 'FIRST'}`;

  async get(limit: number, cursor: string | undefined) {
    const json = this.pages.get(this.key(limit, cursor));
    return json === undefined ? undefined : (JSON.parse(json) as CatalogPage);
  }
  async put(limit: number, cursor: string | undefined, page: CatalogPage) {
    if (this.failWrites) throw new Error('L2 unavailable');
    this.pages.set(this.key(limit, cursor), JSON.stringify(page));
  }
  async clear() {
    const count = this.pages.size;
    this.pages.clear();
    return count;
  }
}

/** Records every observation as `hit:L1`, `miss:L2`, `writeFailed:L2`. */
export class RecordingCacheObserver implements CacheObserver {
  readonly events: string[] = [];
  hit(level: CacheLevel) {
    this.events.push(`hit:${level}`);
  }
  miss(level: CacheLevel) {
    this.events.push(`miss:${level}`);
  }
  writeFailed(level: CacheLevel) {
    this.events.push(`writeFailed:${level}`);
  }
}

export const fixedClock = (iso = '2025-03-01T12:00:00.000Z') => ({ now: () => new Date(iso) });
