import type { MemoryCache } from '../ports.ts';

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
