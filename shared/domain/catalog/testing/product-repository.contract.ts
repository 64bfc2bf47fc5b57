import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError, ValidationError } from '#shared/domain/errors.ts';
import type { ProductRepository } from '../ports.ts';
import { aProduct } from './product-mother.ts';

const NOW = '2025-03-01T12:00:00.000Z';

/** The names under `prefix` of every active product, walking every page (the DynamoDB index is shared). */
const activeNames = async (products: ProductRepository, prefix: string, limit: number): Promise<string[]> => {
  const names: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await products.listActive({ limit, cursor });
    names.push(...page.items.map((item) => item.name).filter((name) => name.startsWith(prefix)));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return names;
};

/** The ProductRepository contract: the in-memory fake and the DynamoDB adapter both pass it. */
export const describeProductRepositoryContract = (name: string, makeRepository: () => ProductRepository) =>
  describe(`${name} honours the ProductRepository contract`, () => {
    it('returns a created product as stored, and nothing for an unknown id', async () => {
      const products = makeRepository();
      const product = aProduct({ name: `Stored ${ulid()}` });

      await products.create(product);

      expect(await products.get(product.id)).toEqual(product);
      expect(await products.get(ulid())).toBeUndefined();
    });

    it('refuses a second product with the same id', async () => {
      const products = makeRepository();
      const product = aProduct();
      await products.create(product);

      await expect(products.create(product)).rejects.toThrow(ConflictError);
    });

    it('pages through active products by name, case-insensitively, leaving archived ones out', async () => {
      const products = makeRepository();
      const prefix = `page-${ulid()}`;
      const created = ['c', 'A', 'e', 'b', 'd'].map((suffix) => aProduct({ name: `${prefix}-${suffix}` }));
      for (const product of created) await products.create(product);
      await products.archive(created[2]!.id, NOW);

      expect(await activeNames(products, prefix, 2)).toEqual(['A', 'b', 'c', 'd'].map((suffix) => `${prefix}-${suffix}`));
    });

    it('rejects a cursor it did not issue with ValidationError', async () => {
      await expect(makeRepository().listActive({ limit: 5, cursor: 'not-a-cursor' })).rejects.toThrow(ValidationError);
      expect(() => makeRepository().pageDepth('not-a-cursor')).toThrow(ValidationError);
    });

    it('tells how many pages after the first each cursor leads to', async () => {
      const products = makeRepository();
      for (let index = 0; index < 3; index += 1) await products.create(aProduct({ name: `depth-${ulid()}` }));

      const second = (await products.listActive({ limit: 1 })).nextCursor!;
      const third = (await products.listActive({ limit: 1, cursor: second })).nextCursor!;

      expect([products.pageDepth(undefined), products.pageDepth(second), products.pageDepth(third)]).toEqual([0, 1, 2]);
    });

    it.each([
      [{ name: 'Renamed' }, { name: 'Renamed', stock: 10 }],
      [{ price: { amount: 1, currency: 'USD' } }, { price: { amount: 1, currency: 'USD' } }],
      [
        { description: 'Now dishwasher safe', stockDelta: -10 },
        { description: 'Now dishwasher safe', stock: 0 },
      ],
    ])('applies %j, one version on', async (changes, expected) => {
      const products = makeRepository();
      const product = aProduct({ stock: 10 });
      await products.create(product);

      const updated = await products.update(product.id, changes, NOW);

      expect(updated).toMatchObject({ ...expected, version: 2, updatedAt: NOW });
      expect(await products.get(product.id)).toEqual(updated);
    });

    it('moves stock atomically: concurrent removals never take it below 0', async () => {
      const products = makeRepository();
      const product = aProduct({ stock: 5 });
      await products.create(product);

      const outcomes = await Promise.allSettled(Array.from({ length: 8 }, () => products.update(product.id, { stockDelta: -1 }, NOW)));

      expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(5);
      for (const outcome of outcomes.filter((o) => o.status === 'rejected'))
        expect((outcome as PromiseRejectedResult).reason).toBeInstanceOf(ConflictError);
      expect(await products.get(product.id)).toMatchObject({ stock: 0, version: 6 });
    });

    it.each([
      ['an unknown product', 'unknown', { name: 'x' }, NotFoundError],
      ['an archived product', 'archived', { name: 'x' }, ConflictError],
      ['a removal beyond the stock', 'active', { stockDelta: -11 }, ConflictError],
    ] as const)('refuses to update %s and changes nothing', async (_case, state, changes, error) => {
      const products = makeRepository();
      const product = aProduct({ stock: 10 });
      const id = state === 'unknown' ? ulid() : product.id;
      await products.create(product);
      if (state === 'archived') await products.archive(product.id, NOW);
      const before = await products.get(product.id);

      await expect(products.update(id, changes, NOW)).rejects.toThrow(error);

      expect(await products.get(product.id)).toEqual(before);
    });

    it('archives once; archiving again returns the same product', async () => {
      const products = makeRepository();
      const product = aProduct();
      await products.create(product);

      const first = await products.archive(product.id, NOW);
      const second = await products.archive(product.id, '2030-01-01T00:00:00.000Z');

      expect(first).toMatchObject({ status: 'ARCHIVED', version: 2, updatedAt: NOW });
      expect(second).toEqual(first);
      expect(await products.get(product.id)).toEqual(first);
    });

    it('raises NotFoundError when archiving an unknown product', async () => {
      await expect(makeRepository().archive(ulid(), NOW)).rejects.toThrow(NotFoundError);
    });
  });
