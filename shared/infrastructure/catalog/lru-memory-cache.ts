import { LRUCache } from 'lru-cache';
import type { MemoryCache } from '#shared/domain/catalog/ports.ts';

/** L1: this container's memory, at most `maxEntries`, each for `ttlSeconds`; a TTL of 0 turns it off. */
export const lruMemoryCache = <T extends object>({
  maxEntries,
  ttlSeconds,
}: {
  maxEntries: number;
  ttlSeconds: number;
}): MemoryCache<T> => {
  if (ttlSeconds <= 0) return { get: () => undefined, set: () => undefined };
  const lru = new LRUCache<string, T>({ max: maxEntries, ttl: ttlSeconds * 1000 });
  return { get: (key) => lru.get(key), set: (key, value) => void lru.set(key, value) };
};
