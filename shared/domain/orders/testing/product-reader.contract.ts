import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import type { ProductSnapshot } from '../decide.ts';
import type { ProductReader } from '../ports.ts';

/** A reader, and a way to put a product where it reads from. */
export interface ProductReaderFixture {
  reader: ProductReader;
  putProduct(product: ProductSnapshot): Promise<void>;
}

/** The ProductReader contract: the in-memory fake and the DynamoDB adapter both pass it. */
export const describeProductReaderContract = (name: string, makeFixture: () => ProductReaderFixture) =>
  describe(`${name} honours the ProductReader contract`, () => {
    it('returns active and archived products by id, with name, price and status, and leaves unknown ids out', async () => {
      const { reader, putProduct } = makeFixture();
      const active: ProductSnapshot = { id: ulid(), name: 'Mug', price: { amount: 1250, currency: 'EUR' }, status: 'ACTIVE' };
      const archived: ProductSnapshot = { id: ulid(), name: 'Old mug', price: { amount: 900, currency: 'GBP' }, status: 'ARCHIVED' };
      await putProduct(active);
      await putProduct(archived);
      const unknown = ulid();

      const found = await reader.getMany([active.id, archived.id, unknown, active.id]);

      expect(Object.fromEntries(found)).toEqual({ [active.id]: active, [archived.id]: archived });
    });

    it('returns an empty map for no ids', async () => {
      expect((await makeFixture().reader.getMany([])).size).toBe(0);
    });
  });
