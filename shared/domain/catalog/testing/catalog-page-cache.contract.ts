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
    it('serves a stored page under its limit and cursor only', async () => {
      const pages = makeCache();
      const cursor = `cursor-${ulid()}`;
      const stored = aPage('Kettle');

      await pages.put(7, cursor, stored);

      expect(await pages.get(7, cursor)).toEqual(stored);
      expect(await pages.get(8, cursor)).toBeUndefined();
      expect(await pages.get(7, `${cursor}-other`)).toBeUndefined();
    });

    it('keeps the first page apart from every cursor', async () => {
      const pages = makeCache();
      const limit = 50 + Math.floor(Math.random() * 50);
      const first = aPage('First');
      await pages.put(limit, undefined, first);

      expect(await pages.get(limit, undefined)).toEqual(first);
      expect(await pages.get(limit, 'FIRST')).toBeUndefined();
    });

    it('accepts any cursor length', async () => {
      const pages = makeCache();
      const cursor = `${ulid()}${'x'.repeat(1000)}`;

      await pages.put(100, cursor, aPage('Long'));

      expect(await pages.get(100, cursor)).toMatchObject({ nextCursor: 'abc' });
    });

    it('clears every stored page and says how many it dropped', async () => {
      const pages = makeCache();
      const cursors = Array.from({ length: 30 }, () => `clear-${ulid()}`);
      await Promise.all(cursors.map((cursor, index) => pages.put(index + 1, cursor, aPage(`p${index}`))));

      const deleted = await pages.clear();

      expect(deleted).toBeGreaterThanOrEqual(30);
      for (const [index, cursor] of cursors.entries()) expect(await pages.get(index + 1, cursor)).toBeUndefined();
    });
  });
