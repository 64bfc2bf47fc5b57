import { describe, expect, it } from 'vitest';
import { InMemoryProductRepository } from '#shared/domain/catalog/testing/in-memory-product-repository.ts';
import { aProduct } from '#shared/domain/catalog/testing/product-mother.ts';
import { ConflictError, NotFoundError } from '#shared/domain/errors.ts';
import { fixedClock } from '#shared/domain/testing/fixed-clock.ts';
import { archiveProduct } from './archive-product.ts';
import { createProduct } from './create-product.ts';
import { updateProduct } from './update-product.ts';

const NOW = '2025-03-01T12:00:00.000Z';
const UNKNOWN = '01J00000000000000000000000';

const setUp = async (stock = 3, status: 'ACTIVE' | 'ARCHIVED' = 'ACTIVE') => {
  const products = new InMemoryProductRepository();
  const product = aProduct({ stock, status });
  await products.create(product);
  return { product, deps: { products, clock: fixedClock(NOW), newId: () => '01JNEWPRODUCT0000000000000' } };
};

describe('createProduct', () => {
  it('stores an active product at version 1 and returns its view', async () => {
    // Prepare
    const { deps } = await setUp();

    // Act
    const view = await createProduct(deps, { name: 'Teapot', price: { amount: 3900, currency: 'GBP' }, stock: 7 });

    // Assess
    expect(view).toEqual({
      id: '01JNEWPRODUCT0000000000000',
      name: 'Teapot',
      description: '',
      price: { amount: 3900, currency: 'GBP' },
      stock: 7,
      status: 'ACTIVE',
      version: 1,
      createdAt: NOW,
      updatedAt: NOW,
    });
    expect(await deps.products.get(view.id)).toMatchObject({ name: 'Teapot' });
  });
});

describe('updateProduct', () => {
  it.each([
    [{ name: 'Renamed' }, { name: 'Renamed', stock: 3 }],
    [{ description: 'Now dishwasher safe' }, { description: 'Now dishwasher safe' }],
    [{ price: { amount: 1, currency: 'USD' } }, { price: { amount: 1, currency: 'USD' } }],
    [{ stockDelta: -3 }, { stock: 0 }],
    [{ stockDelta: 10 }, { stock: 13 }],
    [
      { name: 'Both', stockDelta: -1 },
      { name: 'Both', stock: 2 },
    ],
  ])('applies %j', async (body, expected) => {
    // Prepare
    const { product, deps } = await setUp();

    // Act
    const view = await updateProduct(deps, product.id, body);

    // Assess
    expect(view).toMatchObject({ ...expected, version: 2, updatedAt: NOW });
  });

  it.each([
    ['stock would drop below 0', 3, 'ACTIVE', { stockDelta: -4 }, ConflictError],
    ['the product is archived', 3, 'ARCHIVED', { name: 'New' }, ConflictError],
  ] as const)('raises ConflictError and changes nothing when %s', async (_case, stock, status, body, error) => {
    // Prepare
    const { product, deps } = await setUp(stock, status);

    // Act
    const act = updateProduct(deps, product.id, body);

    // Assess
    await expect(act).rejects.toThrow(error);
    expect(await deps.products.get(product.id)).toEqual(product);
  });

  it('raises NotFoundError for an unknown id', async () => {
    const { deps } = await setUp();
    await expect(updateProduct(deps, UNKNOWN, { name: 'x' })).rejects.toThrow(NotFoundError);
  });
});

describe('archiveProduct', () => {
  it('archives once; archiving again is a no-op', async () => {
    // Prepare
    const { product, deps } = await setUp();

    // Act
    await archiveProduct(deps, product.id);
    await archiveProduct(deps, product.id);

    // Assess
    expect(await deps.products.get(product.id)).toMatchObject({ status: 'ARCHIVED', version: 2 });
    expect((await deps.products.listActive({ limit: 10 })).items).toEqual([]);
  });

  it('raises NotFoundError for an unknown id', async () => {
    const { deps } = await setUp();
    await expect(archiveProduct(deps, UNKNOWN)).rejects.toThrow(NotFoundError);
  });
});
