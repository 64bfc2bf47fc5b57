import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import type { CatalogPage, CatalogPageCache } from '../ports.ts';

const aPage = (name: string): CatalogPage => ({
  items: [{ id: ulid(), name, description: '', price: { amount: 100, currency: 'EUR' }, stock: 1, status: 'ACTIVE' }],
  nextCursor: 'abc',
});

/** The CatalogPageCache contract (within the TTL): the in-memory fake and the DynamoDB adapter both pass it. */
export const describeCatalogPageCacheContract = (name: string, makeCache: () => CatalogPageCache) =>
  describe(`${name} honours the CatalogPageCache contract`, () => {
    it('serves a stored page under its limit, depth and cursor only', async () => {
      const pages = makeCache();
      const cursor = `cursor-${ulid()}`;
      const stored = aPage('Kettle');

      await pages.put({ limit: 7, depth: 1, cursor }, stored);

      expect(await pages.get({ limit: 7, depth: 1, cursor })).toEqual(stored);
      expect(await pages.get({ limit: 8, depth: 1, cursor })).toBeUndefined();
      expect(await pages.get({ limit: 7, depth: 2, cursor })).toBeUndefined();
      expect(await pages.get({ limit: 7, depth: 1, cursor: `${cursor}-other` })).toBeUndefined();
    });

    it('keeps the first page apart from every cursor', async () => {
      const pages = makeCache();
      const limit = 50 + Math.floor(Math.random() * 50);
      const first = aPage('First');
      await pages.put({ limit, depth: 0, cursor: undefined }, first);

      expect(await pages.get({ limit, depth: 0, cursor: undefined })).toEqual(first);
      expect(await pages.get({ limit, depth: 0, cursor: 'FIRST' })).toBeUndefined();
    });

    it('holds one page per limit and depth: a page for another cursor replaces the slot', async () => {
      const pages = makeCache();
      const limit = 1 + Math.floor(Math.random() * 40);
      const [older, newer] = [`older-${ulid()}`, `newer-${ulid()}`];
      await pages.put({ limit, depth: 3, cursor: older }, aPage('Older'));

      await pages.put({ limit, depth: 3, cursor: newer }, aPage('Newer'));

      expect(await pages.get({ limit, depth: 3, cursor: older })).toBeUndefined();
      expect((await pages.get({ limit, depth: 3, cursor: newer }))?.items[0]?.name).toBe('Newer');
    });

    it('accepts any cursor length', async () => {
      const pages = makeCache();
      const cursor = `${ulid()}${'x'.repeat(1000)}`;

      await pages.put({ limit: 100, depth: 4, cursor }, aPage('Long'));

      expect(await pages.get({ limit: 100, depth: 4, cursor })).toMatchObject({ nextCursor: 'abc' });
    });

    it('clears every stored page and says how many it dropped', async () => {
      const pages = makeCache();
      const positions = Array.from({ length: 30 }, (_, index) => ({ limit: index + 41, depth: 2, cursor: `clear-${ulid()}` }));
      await Promise.all(positions.map((position, index) => pages.put(position, aPage(`p${index}`))));

      const deleted = await pages.clear();

      expect(deleted).toBeGreaterThanOrEqual(30);
      for (const position of positions) expect(await pages.get(position)).toBeUndefined();
    });
  });
